import { createAuditEmitter } from '@perplexica/audit';
import { createLogger } from '@perplexica/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthServiceUnderTest,
  call as authCall,
  GOOD_PASSWORD,
  signUp,
  startAuthService,
  uniqueEmail,
} from '../../auth-svc/test/harness.ts';
import { queuePrefix } from '../src/config.ts';
import { type AuditServiceUnderTest, auditClient, startAuditService } from './harness.ts';

let audit: AuditServiceUnderTest;
let auth: AuthServiceUnderTest;
let emitter: ReturnType<typeof createAuditEmitter>;

beforeAll(async () => {
  audit = await startAuditService({}, { worker: false });
  // auth-svc's emitter exactly as its main.ts builds it, on audit-svc's queue prefix.
  emitter = createAuditEmitter({
    url: audit.config.REDIS_URL,
    prefix: queuePrefix(audit.config),
    service: 'auth-svc',
    logger: createLogger({ service: 'auth-svc', level: 'silent' }),
    backoffMs: 100,
  });
  auth = await startAuthService({}, { audit: emitter });
});
afterAll(async () => {
  await auth?.close();
  await emitter?.close();
  await audit?.close();
});

describe('auth-svc → audit-svc', () => {
  it('delivers sign-ins emitted while audit-svc is down exactly once, across a worker restart', async () => {
    const adminEmail = uniqueEmail();
    const owner = await signUp(auth.url, adminEmail);
    const org = await authCall(`${auth.url}/api/v1/auth/orgs`, {
      body: { name: 'Audited Org' },
      token: owner.accessToken,
    });
    expect(org.status).toBe(201);
    const orgId = org.body.id as string;

    // audit-svc's worker is stopped: auth-svc keeps working and its events wait in Redis.
    for (let i = 0; i < 5; i += 1) {
      const ok = await authCall(`${auth.url}/api/v1/auth/login`, {
        body: { email: adminEmail, password: GOOD_PASSWORD },
      });
      expect(ok.status).toBe(200);
    }
    const bad = await authCall(`${auth.url}/api/v1/auth/login`, {
      body: { email: adminEmail, password: 'wrong-password-123' },
    });
    expect(bad.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await audit.database.db.selectFrom('audit_events').select('seq').execute()).toEqual([]);

    audit.startWorker();
    // The org's creation, five sign-ins and one failed sign-in.
    await audit.waitForStored(orgId, 7);
    // A restart mid-stream and a redelivery of everything already stored change nothing.
    await audit.stopWorker();
    const queued = await emitter.queue.getJobs(['completed']);
    expect(queued.length).toBeGreaterThanOrEqual(6);
    const again = [];
    for (const job of queued)
      again.push(await emitter.queue.add(job.name, job.data, { jobId: `again-${job.id}` }));
    audit.startWorker();
    // Every redelivered job has been processed (bounded wait), and each found its event stored.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const states = await Promise.all(again.map((job) => job.getState()));
      if (states.every((state) => state === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const job of again) {
      expect(await job.getState()).toBe('completed');
      const done = await emitter.queue.getJob(job.id as string);
      expect(done?.returnvalue).toEqual({ stored: false, reason: 'duplicate' });
    }

    const token = await audit.token(owner.user.id, { orgId, orgRole: 'owner' });
    const reader = auditClient(audit.url, token);
    const page = await reader.list('action=auth.*&limit=200');
    expect(page.status).toBe(200);
    const events = page.body.events as Array<{
      eventId: string;
      outcome: string;
      details: object;
      service: string;
    }>;
    expect(events).toHaveLength(6);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(6);
    expect(events.filter((e) => e.outcome === 'failure')).toHaveLength(1);
    expect(events.every((e) => e.service === 'auth-svc')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('wrong-password-123');
    expect((await reader.list('action=org.create')).body.events).toHaveLength(1);
    expect((await reader.verify()).body).toEqual({ ok: true, checked: 7 });
  }, 30_000);
});
