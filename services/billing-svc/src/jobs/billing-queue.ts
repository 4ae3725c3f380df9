import { createQueue, type QueueConfig } from '@perplexica/redis/queue';
import type { JobsOptions, Queue } from 'bullmq';
import type { BillingConfig } from '../config.ts';

export const BILLING_QUEUE = 'billing';

/**
 * - sweep-renewals: repeatable; queues a renewal for every active subscription whose period ended.
 * - renew: charge (or end) one subscription for the period that ends at `periodEnd`.
 * - check-payment: ask YooKassa about a payment whose notification may never have arrived.
 */
export type BillingJob =
  | { kind: 'sweep-renewals' }
  | { kind: 'renew'; subscriptionId: string; periodEnd: string }
  | { kind: 'check-payment'; paymentId: string };

export type BillingQueue = Queue<BillingJob>;

/** BullMQ's keys live under the service's prefix: perplexica:billing:bull:billing:… */
export function queueConfig(config: BillingConfig): QueueConfig {
  return { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
}

export function createBillingQueue(config: BillingConfig): BillingQueue {
  return createQueue<BillingJob>(BILLING_QUEUE, queueConfig(config));
}

export function jobOptions(config: BillingConfig): JobsOptions {
  return {
    attempts: config.BILLING_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.BILLING_JOB_BACKOFF_MS },
    removeOnComplete: { age: 24 * 3_600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}

/**
 * One job per subscription period: the id names the period, so the sweep finding the same due
 * subscription again (or two replicas sweeping at once) adds nothing while that job is kept.
 */
export const renewalJobId = (subscriptionId: string, periodEnd: Date) =>
  `renew-${subscriptionId}-${periodEnd.getTime()}`;

/** How long a request waits for Redis: BullMQ's connections queue commands forever while it is down. */
const QUEUE_TIMEOUT_MS = 5_000;

async function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the billing queue (Redis) is not answering')),
      QUEUE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function enqueueRenewal(
  queue: BillingQueue,
  config: BillingConfig,
  subscription: { id: string; periodEnd: Date },
): Promise<void> {
  await queue.add(
    'renew',
    { kind: 'renew', subscriptionId: subscription.id, periodEnd: subscription.periodEnd.toISOString() },
    { ...jobOptions(config), jobId: renewalJobId(subscription.id, subscription.periodEnd) },
  );
}

export async function enqueuePaymentCheck(
  queue: BillingQueue,
  config: BillingConfig,
  paymentId: string,
): Promise<void> {
  await withinTimeout(
    queue.add(
      'check-payment',
      { kind: 'check-payment', paymentId },
      { ...jobOptions(config), jobId: `check-${paymentId}`, delay: config.PAYMENT_CHECK_DELAY_MS },
    ),
  );
}

/** The repeatable sweep; upserting keeps one scheduler however many replicas start. */
export async function scheduleRenewalSweep(queue: BillingQueue, config: BillingConfig): Promise<void> {
  await queue.upsertJobScheduler(
    'sweep-renewals',
    { every: config.RENEWAL_SWEEP_MS },
    {
      name: 'sweep-renewals',
      data: { kind: 'sweep-renewals' },
      opts: { removeOnComplete: true, removeOnFail: 100 },
    },
  );
}
