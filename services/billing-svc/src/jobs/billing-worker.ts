import { createWorker } from '@perplexica/redis/queue';
import type { Worker } from 'bullmq';
import type { BillingDeps } from '../deps.ts';
import { findPayment } from '../payments/payment-repository.ts';
import { reconcilePayment } from '../payments/reconcile-payment.ts';
import { buildStore } from '../store.ts';
import { renewSubscription } from '../subscriptions/renew-subscription.ts';
import { dueSubscriptions } from '../subscriptions/subscription-repository.ts';
import {
  BILLING_QUEUE,
  type BillingJob,
  enqueueRenewal,
  queueConfig,
  scheduleRenewalSweep,
} from './billing-queue.ts';

/** Subscriptions queued per sweep; the rest wait for the next one. */
const SWEEP_BATCH = 500;

/** Still open at YooKassa: the check throws so BullMQ asks again later (with backoff). */
class PaymentStillOpen extends Error {}

export interface BillingWorker {
  worker: Worker<BillingJob>;
  close(): Promise<void>;
}

/**
 * The worker for renewals and payment checks, from the same deps as createApp; main.ts starts it
 * (unless BILLING_WORKER=false) and registers the repeatable renewal sweep.
 */
export async function startBillingWorker(deps: BillingDeps): Promise<BillingWorker> {
  const store = buildStore(deps);
  const worker = createWorker<BillingJob>(
    BILLING_QUEUE,
    async (job) => {
      const data = job.data;
      switch (data.kind) {
        case 'sweep-renewals': {
          const due = await dueSubscriptions(store.db, SWEEP_BATCH);
          for (const subscription of due) {
            await enqueueRenewal(store.queue, store.config, {
              id: subscription.id,
              periodEnd: subscription.current_period_end,
            });
          }
          return { queued: due.length };
        }
        case 'renew':
          return { outcome: await renewSubscription(store, data) };
        case 'check-payment': {
          const payment = await findPayment(store.db, data.paymentId);
          if (!payment?.yookassa_id || !store.yookassa.configured) return { outcome: 'skipped' };
          if (payment.status !== 'creating' && payment.status !== 'pending') return { outcome: 'settled' };
          const remote = await store.yookassa.getPayment(payment.yookassa_id);
          if (!remote) return { outcome: 'unknown' };
          const { outcome } = await reconcilePayment(store, remote);
          if (remote.status === 'pending')
            throw new PaymentStillOpen(`payment ${payment.id} is still pending`);
          return { outcome };
        }
      }
    },
    { ...queueConfig(deps.config), concurrency: 4 },
  );
  worker.on('failed', (job, error) => {
    deps.logger.warn(
      {
        err: error,
        jobId: job?.id,
        kind: job?.data.kind,
        attemptsMade: job?.attemptsMade,
        attempts: job?.opts.attempts,
      },
      'billing job failed',
    );
  });
  // Connection trouble; BullMQ reconnects by itself.
  worker.on('error', (error) => deps.logger.error({ err: error }, 'billing worker error'));
  await scheduleRenewalSweep(store.queue, deps.config);
  return {
    worker,
    close: () => worker.close(),
  };
}
