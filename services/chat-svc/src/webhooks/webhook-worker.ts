import type { Logger } from '@perplexica/observability';
import type { Worker } from 'bullmq';
import type { ChatConfig } from '../config.ts';
import { createWebhookWorkerOn, type WebhookJob } from './webhook-queue.ts';
import type { WebhookRepository } from './webhook-repository.ts';
import { postWebhook } from './webhook-request.ts';

export interface WebhookWorkerDeps {
  config: ChatConfig;
  logger: Logger;
  webhooks: WebhookRepository;
}

/**
 * Sends deliveries, started by main.ts unless WEBHOOKS_WORKER=false. Each attempt is written to
 * the delivery log; a 5xx, 408, 429, timeout or unreachable receiver is retried by the queue with
 * exponential backoff, any other answer (a 4xx, a redirect, a private address) ends the delivery.
 * Logs name the delivery and webhook ids, never the URL (it may carry a token) or the secret.
 */
export function startWebhookWorker(deps: WebhookWorkerDeps): Worker<WebhookJob, string> {
  const { config, logger, webhooks } = deps;
  const worker = createWebhookWorkerOn(config, async (job) => {
    const delivery = await webhooks.findToSend(job.data.deliveryId);
    // Deleted with its webhook, or already settled by an earlier attempt of this job.
    if (!delivery || delivery.status === 'delivered' || delivery.status === 'failed') return 'skipped';
    if (!delivery.active) {
      await webhooks.abandon(delivery.id, 'the webhook was turned off before it could be sent');
      return 'skipped';
    }
    const outcome = await postWebhook(delivery, delivery, {
      timeoutMs: config.WEBHOOKS_TIMEOUT_MS,
      allowInsecure: config.WEBHOOKS_ALLOW_INSECURE,
    });
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const status =
      outcome.kind === 'delivered'
        ? 'delivered'
        : outcome.kind === 'failed' || lastAttempt
          ? 'failed'
          : 'retrying';
    await webhooks.recordAttempt(delivery.id, {
      status,
      responseStatus: outcome.status,
      responseExcerpt: outcome.excerpt,
      error: outcome.kind === 'delivered' ? null : outcome.error,
    });
    if (outcome.kind !== 'delivered') {
      logger.warn(
        {
          deliveryId: delivery.id,
          webhookId: delivery.webhook_id,
          status: outcome.status,
          willRetry: status === 'retrying',
        },
        `webhook delivery attempt failed: ${outcome.error}`,
      );
    }
    // Thrown only to have the queue try again later; the log already says what happened.
    if (status === 'retrying') throw new Error(outcome.kind === 'delivered' ? '' : outcome.error);
    return status;
  });
  // Connection trouble; BullMQ reconnects by itself.
  worker.on('error', (error) => logger.error({ err: error }, 'webhook worker error'));
  return worker;
}
