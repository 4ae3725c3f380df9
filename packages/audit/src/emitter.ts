import { randomUUID } from 'node:crypto';
import type { Logger } from '@perplexica/observability';
import { createQueue } from '@perplexica/redis/queue';
import type { JobsOptions, Queue } from 'bullmq';
import { Counter, type Registry } from 'prom-client';
import {
  AUDIT_QUEUE,
  type AuditEvent,
  type AuditEventInput,
  auditEventInput,
  completeEvent,
} from './event.ts';

export interface AuditEmitterConfig {
  /** Redis URL of the queue (the same Redis audit-svc's worker reads). */
  url: string;
  /** BullMQ prefix; must match audit-svc's (DEFAULT_AUDIT_QUEUE_PREFIX unless changed there). */
  prefix: string;
  /** The emitting service, stored with every event ("auth-svc"). */
  service: string;
  logger: Logger;
  /** When given, `audit_emit_failures_total{service,reason}` is registered on it. */
  metricsRegistry?: Registry;
  /** How long one emit may wait for Redis before it reports a failure (default 5 s). */
  enqueueTimeoutMs?: number;
  /** Tries the worker gets per event, with exponential backoff from `backoffMs`. */
  attempts?: number;
  backoffMs?: number;
}

export type EmitResult =
  | { ok: true; eventId: string }
  | { ok: false; eventId: string | null; reason: 'invalid' | 'enqueue_failed' | 'timeout' };

export interface AuditEmitter {
  /**
   * Validates the event and queues it. Never throws and never rejects: a failure is logged and
   * counted, and the result says what happened. Request handlers may `void` it or await it.
   */
  emit(event: AuditEventInput): Promise<EmitResult>;
  /** Failures since start, by reason (also `audit_emit_failures_total` when a registry is given). */
  failures(): Readonly<Record<'invalid' | 'enqueue_failed' | 'timeout', number>>;
  /** The underlying queue (tests and queue metrics read it). */
  readonly queue: Queue<AuditEvent>;
  close(): Promise<void>;
}

/**
 * Audit emission for any service. Why it never throws: an audit event records something that
 * already happened (a sign-in succeeded, a file was deleted); failing the user's request because
 * Redis blinked would turn an observability outage into a product outage, and would not undo
 * the act. Invalid events are a bug in the calling service, so they are logged at error level
 * and counted, which is what alerts are built on, rather than thrown into a request.
 */
export function createAuditEmitter(config: AuditEmitterConfig): AuditEmitter {
  const queue = createQueue<AuditEvent>(AUDIT_QUEUE, { url: config.url, prefix: config.prefix });
  const timeoutMs = config.enqueueTimeoutMs ?? 5_000;
  const jobOptions: JobsOptions = {
    attempts: config.attempts ?? 10,
    backoff: { type: 'exponential', delay: config.backoffMs ?? 1_000 },
  };
  const counts = { invalid: 0, enqueue_failed: 0, timeout: 0 };
  const counter = config.metricsRegistry
    ? new Counter({
        name: 'audit_emit_failures_total',
        help: 'Audit events that could not be queued, by reason',
        labelNames: ['service', 'reason'] as const,
        registers: [config.metricsRegistry],
      })
    : null;
  // BullMQ reports connection trouble here; without a listener Node would treat it as unhandled.
  queue.on('error', (error) => config.logger.warn({ err: error }, 'audit queue connection error'));

  const fail = (reason: keyof typeof counts, eventId: string | null): EmitResult => {
    counts[reason] += 1;
    counter?.inc({ service: config.service, reason });
    return { ok: false, eventId, reason };
  };

  return {
    queue,
    failures: () => ({ ...counts }),
    async emit(input) {
      const parsed = auditEventInput.safeParse(input);
      if (!parsed.success) {
        config.logger.error(
          { action: (input as { action?: unknown })?.action, issues: parsed.error.issues },
          'audit event rejected: invalid',
        );
        return fail('invalid', null);
      }
      const event = completeEvent(parsed.data, config.service, randomUUID);
      // jobId = eventId: BullMQ ignores an add whose id it already holds, so emitting the same
      // event twice is one job; audit-svc's unique eventId covers redeliveries after that.
      const added = queue.add(event.action, event, { ...jobOptions, jobId: event.eventId });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const outcome = await Promise.race([added, timedOut]);
        if (outcome === 'timeout') {
          // ioredis keeps the command queued and sends it once Redis is back, so the event may
          // still arrive; the caller is not held up waiting for that.
          added.catch(() => {});
          config.logger.error(
            { eventId: event.eventId, action: event.action },
            'audit event not queued in time',
          );
          return fail('timeout', event.eventId);
        }
        return { ok: true, eventId: event.eventId };
      } catch (error) {
        config.logger.error(
          { err: error, eventId: event.eventId, action: event.action },
          'audit event could not be queued',
        );
        return fail('enqueue_failed', event.eventId);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => queue.close(),
  };
}
