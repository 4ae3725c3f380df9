import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditServiceUnderTest, auditClient, sampleEvent, startAuditService } from './harness.ts';

let svc: AuditServiceUnderTest;
let admin: ReturnType<typeof auditClient>;

beforeAll(async () => {
  svc = await startAuditService({}, { worker: false });
  admin = auditClient(svc.url, await svc.token('owner-1', { orgId: 'org-ingest', orgRole: 'owner' }));
});
afterAll(async () => {
  await svc?.close();
});

const stored = async (orgKey: string) =>
  svc.database.db
    .selectFrom('audit_events')
    .select(['seq', 'event_id', 'action'])
    .where('org_key', '=', orgKey)
    .orderBy('seq')
    .execute();

describe('events emitted through @perplexica/audit', () => {
  it('wait in the queue while audit-svc is down, and all arrive once it starts', async () => {
    const emitter = svc.emitter('auth-svc');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        emitter.emit(sampleEvent('org-ingest', { details: { attempt: index } })),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stored('org-ingest')).toHaveLength(0);

    svc.startWorker();
    await svc.waitForStored('org-ingest', 20);
    const rows = await stored('org-ingest');
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(new Set(rows.map((row) => row.event_id))).toEqual(
      new Set(results.map((result) => result.eventId)),
    );
  });

  it('are listed for the org admin with what was emitted', async () => {
    const eventId = randomUUID();
    await svc.emitter('files-svc').emit(
      sampleEvent('org-ingest', {
        eventId,
        action: 'files.delete',
        target: { type: 'file', id: 'file-42' },
        outcome: 'denied',
        details: { name: 'report.pdf' },
      }),
    );
    await svc.waitForStored('org-ingest', 21);
    const page = await admin.list('action=files.delete');
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(1);
    expect(page.body.events[0]).toMatchObject({
      eventId,
      service: 'files-svc',
      action: 'files.delete',
      target: { type: 'file', id: 'file-42' },
      outcome: 'denied',
      actor: { id: 'user-alice', type: 'user' },
      orgId: 'org-ingest',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (test)',
      details: { name: 'report.pdf' },
      seq: 21,
    });
    expect(page.body.events[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are stored once when the same event is emitted twice, or redelivered after its job is gone', async () => {
    const emitter = svc.emitter();
    const event = sampleEvent('org-dup', { eventId: randomUUID() });
    expect((await emitter.emit(event)).ok).toBe(true);
    expect((await emitter.emit(event)).ok).toBe(true);
    await svc.waitForStored('org-dup', 1);
    // BullMQ forgets completed jobs after a while; a later redelivery of the event makes a new job.
    await emitter.queue.remove(event.eventId as string);
    expect((await emitter.emit(event)).ok).toBe(true);
    const marker = sampleEvent('org-dup');
    await emitter.emit(marker);
    await svc.waitForStored('org-dup', 2);
    const rows = await stored('org-dup');
    expect(rows.map((row) => row.event_id)).toEqual([event.eventId, expect.any(String)]);
    expect(rows.map((row) => Number(row.seq))).toEqual([1, 2]);
  });

  it('lose nothing across a worker restart, and give 50 concurrent events of one org a gapless chain', async () => {
    const emitter = svc.emitter();
    const first = Promise.all(Array.from({ length: 25 }, () => emitter.emit(sampleEvent('org-busy'))));
    await first;
    await svc.stopWorker();
    await Promise.all(Array.from({ length: 25 }, () => emitter.emit(sampleEvent('org-busy'))));
    svc.startWorker();
    await svc.waitForStored('org-busy', 50);
    const rows = await stored('org-busy');
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    const owner = auditClient(
      svc.url,
      await svc.token('owner-busy', { orgId: 'org-busy', orgRole: 'owner' }),
    );
    expect((await owner.verify()).body).toEqual({ ok: true, checked: 50 });
  });

  it('without an org go to a chain of their own', async () => {
    await svc
      .emitter()
      .emit(sampleEvent(null, { actor: { id: 'anon', type: 'anonymous' }, outcome: 'failure' }));
    await svc.waitForStored(null, 1);
    expect(await stored('-')).toHaveLength(1);
  });
});
