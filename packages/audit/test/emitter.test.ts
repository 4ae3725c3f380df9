import { randomUUID } from 'node:crypto';
import { createLogger } from '@perplexica/observability';
import { captureLogs, freshRedisPrefix } from '@perplexica/testing';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_DETAILS_MAX_BYTES,
  type AuditEmitter,
  type AuditEventInput,
  auditEvent,
  createAuditEmitter,
} from '../src/index.ts';

const redisPrefix = freshRedisPrefix('audit-emitter');
const logs = captureLogs();
const logger = createLogger({ service: 'test-svc', level: 'info', destination: logs.stream });
const registry = new Registry();
let emitter: AuditEmitter;

const valid = (overrides: Partial<AuditEventInput> = {}): AuditEventInput => ({
  actor: { id: 'user-1', type: 'user' },
  orgId: 'org-1',
  action: 'auth.sign_in',
  outcome: 'success',
  ...overrides,
});

beforeAll(() => {
  emitter = createAuditEmitter({
    url: redisPrefix.url,
    prefix: `${redisPrefix.prefix}bull`,
    service: 'auth-svc',
    logger,
    metricsRegistry: registry,
  });
});
afterAll(async () => {
  await emitter?.close();
  await redisPrefix.clear();
});

describe('createAuditEmitter', () => {
  it('queues a complete event under its eventId, filling in id, time and service', async () => {
    const before = Date.now();
    const result = await emitter.emit(valid({ ip: '198.51.100.1', details: { method: 'password' } }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const job = await emitter.queue.getJob(result.eventId);
    expect(job?.id).toBe(result.eventId);
    expect(job?.name).toBe('auth.sign_in');
    expect(job?.opts.attempts).toBeGreaterThan(1);
    const event = auditEvent.parse(job?.data);
    expect(event).toMatchObject({
      eventId: result.eventId,
      service: 'auth-svc',
      orgId: 'org-1',
      target: null,
      ip: '198.51.100.1',
      userAgent: null,
      requestId: null,
      details: { method: 'password' },
    });
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before);
  });

  it('keeps a given eventId and time (as UTC milliseconds), and queues one job for a repeated emit', async () => {
    const eventId = randomUUID();
    const event = valid({ eventId, time: '2026-11-30T10:00:00.123456+02:00' });
    expect(await emitter.emit(event)).toEqual({ ok: true, eventId });
    expect(await emitter.emit(event)).toEqual({ ok: true, eventId });
    const jobs = await emitter.queue.getJobs(['waiting', 'delayed', 'active']);
    expect(jobs.filter((job) => job.id === eventId)).toHaveLength(1);
    expect((await emitter.queue.getJob(eventId))?.data.time).toBe('2026-11-30T08:00:00.123Z');
  });

  it('refuses invalid events without throwing: logged, counted, nothing queued', async () => {
    const waitingBefore = await emitter.queue.getWaitingCount();
    const invalid: unknown[] = [
      valid({ action: 'SignIn' }),
      valid({ action: 'auth' }),
      valid({ actor: { id: 'x', type: 'robot' as 'user' } }),
      valid({ outcome: 'maybe' as 'success' }),
      valid({ time: 'yesterday' }),
      valid({ eventId: 'not-a-uuid' }),
      valid({ details: { blob: 'x'.repeat(AUDIT_DETAILS_MAX_BYTES) } }),
      valid({ details: { text: 'nul \u0000 inside' } }),
      valid({ userAgent: 'lone \ud800 surrogate' }),
      null,
      'auth.sign_in',
    ];
    for (const event of invalid) {
      await expect(emitter.emit(event as AuditEventInput)).resolves.toEqual({
        ok: false,
        eventId: null,
        reason: 'invalid',
      });
    }
    expect(emitter.failures().invalid).toBe(invalid.length);
    expect(await emitter.queue.getWaitingCount()).toBe(waitingBefore);
    expect(logs.lines().filter((line) => line.msg === 'audit event rejected: invalid')).toHaveLength(
      invalid.length,
    );
    const metrics = await registry.metrics();
    expect(metrics).toContain(
      `audit_emit_failures_total{service="auth-svc",reason="invalid"} ${invalid.length}`,
    );
  });

  it('accepts details up to the cap', async () => {
    const details = { blob: 'x'.repeat(AUDIT_DETAILS_MAX_BYTES - 20) };
    expect((await emitter.emit(valid({ details }))).ok).toBe(true);
  });

  it('never throws when Redis is unreachable: the emit resolves as a timeout, counted', async () => {
    const offline = createAuditEmitter({
      url: 'redis://127.0.0.1:9',
      prefix: 'unused',
      service: 'auth-svc',
      logger,
      enqueueTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const result = await offline.emit(valid());
      expect(result).toMatchObject({ ok: false, reason: 'timeout', eventId: expect.any(String) });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(offline.failures().timeout).toBe(1);
    } finally {
      await Promise.race([offline.close(), new Promise((resolve) => setTimeout(resolve, 500))]);
    }
  });
});
