import { createQueue, createWorker, type QueueConfig } from '@perplexica/redis/queue';
import { type Queue, UnrecoverableError, type Worker } from 'bullmq';
import type { NotificationsConfig } from '../config.ts';
import { type DeliveryContext, type DeliveryReport, deliverNotification } from './deliver-notification.ts';

export const DELIVERY_QUEUE = 'deliver-notifications';

export interface DeliveryJob {
  notificationId: string;
}

export type DeliveryQueue = Queue<DeliveryJob>;

/** BullMQ's keys live under the service's prefix: perplexica:notifications:bull:deliver-notifications:… */
export function queueConfig(config: NotificationsConfig): QueueConfig {
  return { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
}

export function createDeliveryQueue(config: NotificationsConfig): DeliveryQueue {
  return createQueue<DeliveryJob>(DELIVERY_QUEUE, queueConfig(config));
}

/**
 * Queues the delivery with the configured retries and exponential backoff. The job id is the
 * notification id: queuing it again while the job exists adds nothing.
 */
export async function enqueueDelivery(
  queue: DeliveryQueue,
  config: NotificationsConfig,
  notificationId: string,
): Promise<void> {
  await queue.add(
    'deliver',
    { notificationId },
    {
      jobId: notificationId,
      attempts: config.NOTIFICATIONS_ATTEMPTS,
      backoff: { type: 'exponential', delay: config.NOTIFICATIONS_BACKOFF_MS },
    },
  );
}

/**
 * The worker that delivers queued notifications. main.ts starts it (unless
 * NOTIFICATIONS_WORKER=false) and closes it on shutdown, which lets running jobs finish; a job cut
 * off by a crash runs again once BullMQ sees it stalled, and the ledger keeps it from resending.
 */
export function startDeliveryWorker(ctx: DeliveryContext): Worker<DeliveryJob, DeliveryReport> {
  const { config, logger } = ctx;
  const worker = createWorker<DeliveryJob, DeliveryReport>(
    DELIVERY_QUEUE,
    async (job) => {
      const notificationId = job.data?.notificationId;
      // A malformed job will never become valid: fail it now (kept in the failed set to inspect).
      if (typeof notificationId !== 'string') throw new UnrecoverableError('job without a notificationId');
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return deliverNotification(ctx, notificationId, { lastAttempt });
    },
    { ...queueConfig(config), concurrency: config.NOTIFICATIONS_CONCURRENCY },
  );
  worker.on('failed', (job, error) => {
    logger.warn(
      { err: error, jobId: job?.id, attemptsMade: job?.attemptsMade, attempts: job?.opts.attempts },
      'notification delivery incomplete',
    );
  });
  // Connection trouble; BullMQ reconnects by itself.
  worker.on('error', (error) => logger.error({ err: error }, 'delivery worker error'));
  return worker;
}
