import { createQueue, createWorker, type QueueConfig } from '@perplexica/redis/queue';
import type { Processor, Queue, Worker } from 'bullmq';
import type { ChatConfig } from '../config.ts';

export const WEBHOOKS_QUEUE = 'webhooks';

/** One job per delivery; its job id is the delivery id, so a delivery is queued once. */
export interface WebhookJob {
  deliveryId: string;
}

export type WebhookQueue = Queue<WebhookJob>;

/** BullMQ's keys live under chat-svc's prefix: perplexica:chat:bull:webhooks:… */
function webhookQueueConfig(config: ChatConfig): QueueConfig {
  return { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
}

export function createWebhookQueue(config: ChatConfig): WebhookQueue {
  return createQueue<WebhookJob>(WEBHOOKS_QUEUE, webhookQueueConfig(config));
}

export function createWebhookWorkerOn(
  config: ChatConfig,
  processor: Processor<WebhookJob, string>,
): Worker<WebhookJob, string> {
  return createWorker<WebhookJob, string>(WEBHOOKS_QUEUE, processor, {
    ...webhookQueueConfig(config),
    concurrency: config.WEBHOOKS_CONCURRENCY,
  });
}

/** Queues a delivery's attempts: retried with exponential backoff, the log kept in Postgres. */
export async function queueDelivery(
  queue: WebhookQueue,
  config: ChatConfig,
  deliveryId: string,
): Promise<void> {
  await queue.add(
    'deliver',
    { deliveryId },
    {
      jobId: deliveryId,
      attempts: config.WEBHOOKS_ATTEMPTS,
      backoff: { type: 'exponential', delay: config.WEBHOOKS_BACKOFF_MS },
    },
  );
}
