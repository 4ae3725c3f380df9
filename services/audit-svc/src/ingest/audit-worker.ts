import { AUDIT_QUEUE, type AuditEvent, auditEvent } from '@perplexica/audit';
import { createWorker } from '@perplexica/redis/queue';
import { UnrecoverableError, type Worker } from 'bullmq';
import type { AppendOutcome } from '../append-event.ts';
import { queuePrefix } from '../config.ts';
import type { AuditDeps } from '../deps.ts';
import { createBatchAppender } from './batch-appender.ts';

/**
 * The worker that stores queued events (many at once, appended per org in batches), from the same deps as createApp. main.ts starts it
 * (unless AUDIT_WORKER=false) and closes it on shutdown, which lets running jobs finish; a job
 * cut off by a crash is picked up again once BullMQ sees it stalled, and stored once (eventId).
 */
export function startAuditWorker(deps: AuditDeps): Worker<AuditEvent, AppendOutcome> {
  const { config, logger } = deps;
  // Concurrent jobs of one org share a transaction (batch-appender.ts).
  const appender = createBatchAppender(deps.database.db);
  const worker = createWorker<AuditEvent, AppendOutcome>(
    AUDIT_QUEUE,
    async (job) => {
      const parsed = auditEvent.safeParse(job.data);
      // A malformed job will never become valid: fail it now (kept in the failed set to inspect).
      if (!parsed.success) throw new UnrecoverableError(`invalid audit event: ${parsed.error.message}`);
      return appender.append(parsed.data);
    },
    {
      url: config.REDIS_URL,
      prefix: queuePrefix(config),
      concurrency: config.AUDIT_WORKER_CONCURRENCY,
    },
  );
  worker.on('failed', (job, error) => {
    logger.warn(
      { err: error, jobId: job?.id, attemptsMade: job?.attemptsMade, attempts: job?.opts.attempts },
      'audit event not stored',
    );
  });
  // Connection trouble; BullMQ reconnects by itself.
  worker.on('error', (error) => logger.error({ err: error }, 'audit worker error'));
  return worker;
}
