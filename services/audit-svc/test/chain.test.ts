import { randomUUID } from 'node:crypto';
import { type AuditEvent, auditEventInput, completeEvent } from '@perplexica/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../src/append-event.ts';
import {
  type AuditServiceUnderTest,
  auditClient,
  call,
  SERVICE_TOKEN,
  sampleEvent,
  startAuditService,
} from './harness.ts';

let svc: AuditServiceUnderTest;

beforeAll(async () => {
  svc = await startAuditService({ AUDIT_EXPORT_PAGE_SIZE: '7' }, { worker: false });
});
afterAll(async () => {
  await svc?.close();
});

const complete = (orgId: string | null, overrides = {}): AuditEvent =>
  completeEvent(auditEventInput.parse(sampleEvent(orgId, overrides)), 'test-svc', randomUUID);

const ownerOf = async (orgId: string) =>
  auditClient(svc.url, await svc.token(`owner-of-${orgId}`, { orgId, orgRole: 'owner' }));

/** Rewrites stored rows the way someone with table-owner rights could: past the append-only trigger. */
async function tamper(statement: ReturnType<typeof sql>) {
  await svc.database.db.transaction().execute(async (trx) => {
    await sql`alter table audit_events disable trigger audit_events_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`alter table audit_events enable trigger audit_events_append_only`.execute(trx);
  });
}

describe('the per-org hash chain', () => {
  it('50 concurrent appends for one org take seq 1..50 with each prev_hash the previous hash', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => appendEvent(svc.database.db, complete('org-race'))),
    );
    expect(outcomes.every((outcome) => outcome.stored)).toBe(true);
    const rows = await svc.database.db
      .selectFrom('audit_events')
      .select(['seq', 'prev_hash', 'hash'])
      .where('org_key', '=', 'org-race')
      .orderBy('seq')
      .execute();
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    for (const [index, row] of rows.slice(1).entries()) expect(row.prev_hash).toBe(rows[index]?.hash);
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64));
    expect((await (await ownerOf('org-race')).verify()).body).toEqual({ ok: true, checked: 50 });
  });

  it('an org with no events verifies as an empty chain', async () => {
    expect((await (await ownerOf('org-empty')).verify()).body).toEqual({ ok: true, checked: 0 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of stored events in the database itself', async () => {
    await appendEvent(svc.database.db, complete('org-locked'));
    await expect(
      sql`update audit_events set outcome = 'failure' where org_key = 'org-locked'`.execute(svc.database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from audit_events where org_key = 'org-locked'`.execute(svc.database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(svc.database.db)).rejects.toThrow(/append-only/);
  });

  it('a row edited with raw SQL is reported as the first broken seq', async () => {
    for (let index = 0; index < 20; index += 1) await appendEvent(svc.database.db, complete('org-edit'));
    const owner = await ownerOf('org-edit');
    expect((await owner.verify()).body).toEqual({ ok: true, checked: 20 });
    await tamper(
      sql`update audit_events set details = '{"method":"sso"}' where org_key = 'org-edit' and seq = 12`,
    );
    expect((await owner.verify()).body).toEqual({
      ok: false,
      firstBrokenSeq: 12,
      reason: 'the event does not match its hash',
    });
  });

  it('an edit that recomputes the row hash is caught by the next link', async () => {
    for (let index = 0; index < 5; index += 1) await appendEvent(svc.database.db, complete('org-forge'));
    await tamper(
      sql`update audit_events set outcome = 'failure', hash = repeat('a', 64) where org_key = 'org-forge' and seq = 3`,
    );
    const body = (await (await ownerOf('org-forge')).verify()).body;
    expect(body.ok).toBe(false);
    expect(body.firstBrokenSeq).toBe(3);
  });

  it('a deleted row is reported as the seq that is missing, also at the end of the chain', async () => {
    for (let index = 0; index < 10; index += 1) await appendEvent(svc.database.db, complete('org-gap'));
    await tamper(sql`delete from audit_events where org_key = 'org-gap' and seq = 8`);
    expect((await (await ownerOf('org-gap')).verify()).body).toEqual({
      ok: false,
      firstBrokenSeq: 8,
      reason: 'event 8 is missing',
    });

    for (let index = 0; index < 4; index += 1) await appendEvent(svc.database.db, complete('org-tail'));
    await tamper(sql`delete from audit_events where org_key = 'org-tail' and seq = 4`);
    expect((await (await ownerOf('org-tail')).verify()).body).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it('one event appended twice is stored once and leaves the chain as it was', async () => {
    const event = complete('org-once');
    expect(await appendEvent(svc.database.db, event)).toEqual({ stored: true, seq: 1 });
    expect(await appendEvent(svc.database.db, event)).toEqual({ stored: false, reason: 'duplicate' });
    expect(await appendEvent(svc.database.db, complete('org-once'))).toEqual({ stored: true, seq: 2 });
    expect((await (await ownerOf('org-once')).verify()).body).toEqual({ ok: true, checked: 2 });
  });

  it('the internal route stores a complete event once (service token only)', async () => {
    const event = complete('org-sync');
    const url = `${svc.url}/internal/v1/audit-events`;
    const first = await call(url, { body: event, serviceToken: SERVICE_TOKEN });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ eventId: event.eventId, stored: true, seq: 1 });
    const again = await call(url, { body: event, serviceToken: SERVICE_TOKEN });
    expect(again.status).toBe(200);
    expect(again.body.stored).toBe(false);
    const invalid = await call(url, { body: { ...event, action: 'Sign In' }, serviceToken: SERVICE_TOKEN });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect((await call(url, { body: event })).status).toBe(404);
  });
});
