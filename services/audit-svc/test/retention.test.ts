import { randomUUID } from 'node:crypto';
import { type AuditEvent, auditEventInput, completeEvent } from '@perplexica/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../src/append-event.ts';
import {
  dropExpiredPartitions,
  ensureMonthlyPartitions,
  ensurePartition,
  monthlyPartitions,
} from '../src/retention/partitions.ts';
import { type AuditServiceUnderTest, auditClient, sampleEvent, startAuditService } from './harness.ts';

let svc: AuditServiceUnderTest;
beforeAll(async () => {
  svc = await startAuditService({}, { worker: false });
});
afterAll(async () => {
  await svc?.close();
});

const complete = (orgId: string): AuditEvent =>
  completeEvent(auditEventInput.parse(sampleEvent(orgId)), 'test-svc', randomUUID);
const ownerOf = async (orgId: string) =>
  auditClient(svc.url, await svc.token(`owner-of-${orgId}`, { orgId, orgRole: 'owner' }));

/**
 * Makes events look stored in an earlier month (what months of real use would leave): moves their
 * rows into that month's partition, past the append-only trigger, as only a test may.
 */
async function storedIn(orgId: string, seqs: [number, number], at: string) {
  await ensurePartition(svc.database.db, new Date(at));
  await svc.database.db.transaction().execute(async (trx) => {
    await sql`alter table audit_events disable trigger audit_events_append_only`.execute(trx);
    await sql`update audit_events set stored_at = ${at}::timestamptz
      where org_key = ${orgId} and seq between ${seqs[0]} and ${seqs[1]}`.execute(trx);
    await sql`update audit_event_ids set stored_at = ${at}::timestamptz
      where event_id in (select event_id from audit_events where org_key = ${orgId} and seq between ${seqs[0]} and ${seqs[1]})`.execute(
      trx,
    );
    await sql`alter table audit_events enable trigger audit_events_append_only`.execute(trx);
  });
}

describe('retention by partitions', () => {
  it('keeps partitions ahead of the clock, idempotently', async () => {
    const now = new Date('2031-05-17T12:00:00Z');
    await ensureMonthlyPartitions(svc.database.db, now);
    await ensureMonthlyPartitions(svc.database.db, now);
    const names = (await monthlyPartitions(svc.database.db)).map((partition) => partition.name);
    expect(names).toEqual(
      expect.arrayContaining(['audit_events_y2031m05', 'audit_events_y2031m06', 'audit_events_y2031m07']),
    );
    // Each new partition carries the TRUNCATE guard (row triggers come from the parent).
    await expect(sql`truncate audit_events_y2031m06`.execute(svc.database.db)).rejects.toThrow(/append-only/);
  });

  it('drops whole months past the policy, and the remaining chain still verifies from its anchor', async () => {
    const appended = [];
    for (let i = 0; i < 30; i += 1) appended.push(await appendEvent(svc.database.db, complete('org-old')));
    for (let i = 0; i < 6; i += 1) await appendEvent(svc.database.db, complete('org-gone'));
    expect(appended.every((outcome) => outcome.stored)).toBe(true);
    await storedIn('org-old', [1, 10], '2024-01-15T10:00:00Z');
    await storedIn('org-old', [11, 20], '2024-02-15T10:00:00Z');
    await storedIn('org-gone', [1, 6], '2024-01-20T10:00:00Z');
    const hashOf20 = (
      await svc.database.db
        .selectFrom('audit_events')
        .select('hash')
        .where('org_key', '=', 'org-old')
        .where('seq', '=', '20')
        .executeTakeFirstOrThrow()
    ).hash;

    // Policy: keep 12 months. On 2025-02-10 January 2024 is past it, February 2024 is kept.
    expect(await dropExpiredPartitions(svc.database.db, new Date('2025-02-10T00:00:00Z'), 12)).toEqual([
      'audit_events_y2024m01',
    ]);
    // A year later February goes too; a policy of 0 never drops anything.
    expect(await dropExpiredPartitions(svc.database.db, new Date('2026-11-30T00:00:00Z'), 0)).toEqual([]);
    expect(await dropExpiredPartitions(svc.database.db, new Date('2026-11-30T00:00:00Z'), 12)).toEqual([
      'audit_events_y2024m02',
    ]);

    const seqs = await svc.database.db
      .selectFrom('audit_events')
      .select('seq')
      .where('org_key', '=', 'org-old')
      .orderBy('seq')
      .execute();
    expect(seqs.map((row) => Number(row.seq))).toEqual(Array.from({ length: 10 }, (_, i) => i + 21));
    const anchor = await svc.database.db
      .selectFrom('audit_chain_anchors')
      .selectAll()
      .where('org_key', '=', 'org-old')
      .executeTakeFirstOrThrow();
    expect({ seq: Number(anchor.seq), hash: anchor.hash }).toEqual({ seq: 20, hash: hashOf20 });

    const owner = await ownerOf('org-old');
    expect((await owner.verify()).body).toEqual({ ok: true, checked: 10, retainedFrom: 21 });
    expect((await owner.list('limit=100')).body.events).toHaveLength(10);
    // An org whose every event was dropped verifies as an intact, empty remainder.
    expect((await (await ownerOf('org-gone')).verify()).body).toEqual({
      ok: true,
      checked: 0,
      retainedFrom: 7,
    });
    // The ids of dropped events are gone from the dedupe index; the retained ones stay there.
    const ids = await svc.database.db.selectFrom('audit_event_ids').select('stored_at').execute();
    expect(ids.every((row) => row.stored_at >= new Date('2024-03-01T00:00:00Z'))).toBe(true);
  });

  it('still finds tampering right after the anchor', async () => {
    for (let i = 0; i < 8; i += 1) await appendEvent(svc.database.db, complete('org-cut'));
    await storedIn('org-cut', [1, 4], '2023-06-10T00:00:00Z');
    await dropExpiredPartitions(svc.database.db, new Date('2026-11-30T00:00:00Z'), 12);
    await svc.database.db.transaction().execute(async (trx) => {
      await sql`alter table audit_events disable trigger audit_events_append_only`.execute(trx);
      await sql`delete from audit_events where org_key = 'org-cut' and seq = 5`.execute(trx);
      await sql`alter table audit_events enable trigger audit_events_append_only`.execute(trx);
    });
    expect((await (await ownerOf('org-cut')).verify()).body).toEqual({
      ok: false,
      firstBrokenSeq: 5,
      reason: 'event 5 is missing',
    });
  });

  it('stores a redelivered event once, whatever partition the first copy is in', async () => {
    const event = complete('org-dedupe');
    expect((await appendEvent(svc.database.db, event)).stored).toBe(true);
    expect(await appendEvent(svc.database.db, event)).toEqual({ stored: false, reason: 'duplicate' });
    expect((await (await ownerOf('org-dedupe')).verify()).body).toEqual({ ok: true, checked: 1 });
  });
});
