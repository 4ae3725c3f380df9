import { randomUUID } from 'node:crypto';
import { emitBillingEvent } from '../billing-audit.ts';
import type { SubscriptionEndReason, SubscriptionRow } from '../db/schema.ts';
import type { BillingStore } from '../deps.ts';
import { rub } from '../money.ts';
import { findPayment, insertPayment, markFailed, recordCreated } from '../payments/payment-repository.ts';
import { reconcilePayment } from '../payments/reconcile-payment.ts';
import { findPlan } from '../plans.ts';
import { YooKassaError } from '../yookassa/gateway.ts';
import { receiptFor } from '../yookassa/receipt.ts';
import { endSubscription, findSubscriptionById } from './subscription-repository.ts';

export type RenewalOutcome =
  /** Not (or no longer) the period this job was for: renewed, ended or cancelled meanwhile. */
  'skipped' | 'renewed' | 'ended';

/** YooKassa has not decided the charge yet; the job is retried (with backoff) to ask again. */
export class RenewalPending extends Error {
  constructor(paymentId: string) {
    super(`renewal payment ${paymentId} is still pending at YooKassa`);
    this.name = 'RenewalPending';
  }
}

async function end(
  store: BillingStore,
  subscription: SubscriptionRow,
  reason: SubscriptionEndReason,
  paymentId: string | null,
): Promise<RenewalOutcome> {
  const ended = await endSubscription(store.db, subscription.id, reason, subscription.current_period_end);
  if (!ended) return 'skipped';
  emitBillingEvent(store.audit, {
    action: 'billing.subscription.ended',
    orgId: ended.org_id,
    target: { type: 'subscription', id: ended.id },
    details: { userId: ended.user_id, reason, paymentId },
  });
  store.logger.info({ subscriptionId: ended.id, reason }, 'subscription ended');
  return 'ended';
}

/**
 * Renews one subscription for the period ending at `periodEnd`: a cancelled one (or one without
 * a saved card) ends; otherwise the saved payment method is charged (`payment_method_id`, no
 * user present) and the payment settled like any other, which moves the period on and adds the
 * month's credits. Safe to run again: the renewal payment is keyed by (subscription, period), and
 * its YooKassa idempotence key is that payment's id.
 */
export async function renewSubscription(
  store: BillingStore,
  job: { subscriptionId: string; periodEnd: string },
): Promise<RenewalOutcome> {
  const subscription = await findSubscriptionById(store.db, job.subscriptionId);
  if (
    subscription?.status !== 'active' ||
    subscription.current_period_end.getTime() !== new Date(job.periodEnd).getTime()
  ) {
    return 'skipped';
  }
  if (subscription.cancel_at_period_end) return end(store, subscription, 'canceled', null);
  if (!subscription.payment_method_id) return end(store, subscription, 'no_saved_method', null);
  const plan = findPlan(subscription.plan_id);
  if (plan?.kind !== 'subscription') return end(store, subscription, 'renewal_failed', null);

  const { row } = await insertPayment(store.db, {
    id: randomUUID(),
    userId: subscription.user_id,
    orgId: subscription.org_id,
    planId: plan.id,
    purpose: 'renewal',
    clientKey: `renewal:${subscription.id}:${subscription.current_period_end.getTime()}`,
    amountKopecks: plan.priceKopecks,
    credits: plan.credits,
    description: plan.description,
    receiptEmail: subscription.receipt_email,
    subscriptionId: subscription.id,
  });
  if (row.status === 'failed' || row.status === 'canceled')
    return end(store, subscription, 'renewal_failed', row.id);

  let remote = row.yookassa_id ? await store.yookassa.getPayment(row.yookassa_id) : null;
  if (!remote) {
    const receipt = receiptFor(store.config, {
      description: row.description,
      amountKopecks: Number(row.amount_kopecks),
      email: row.receipt_email,
    });
    try {
      remote = await store.yookassa.createPayment(
        {
          amount: rub(Number(row.amount_kopecks)),
          capture: true,
          description: row.description,
          payment_method_id: subscription.payment_method_id,
          metadata: { paymentId: row.id, planId: row.plan_id, subscriptionId: subscription.id },
          ...(receipt ? { receipt } : {}),
        },
        row.id,
      );
    } catch (error) {
      // A refused charge (the method is gone) ends the subscription; anything else is retried.
      if (error instanceof YooKassaError && error.kind === 'refused') {
        await markFailed(store.db, row.id, error.message);
        return end(store, subscription, 'renewal_failed', row.id);
      }
      throw error;
    }
    await recordCreated(store.db, row.id, { id: remote.id, confirmationUrl: null });
  }

  await reconcilePayment(store, remote);
  const settled = await findPayment(store.db, row.id);
  if (settled?.status === 'succeeded') return 'renewed';
  if (settled?.status === 'canceled') return end(store, subscription, 'renewal_failed', row.id);
  throw new RenewalPending(row.id);
}
