import { emitBillingEvent } from '../billing-audit.ts';
import type { PaymentRow } from '../db/schema.ts';
import type { BillingStore } from '../deps.ts';
import { systemAccounts } from '../ledger/accounts.ts';
import { postTransaction } from '../ledger/post-transaction.ts';
import { parseRub } from '../money.ts';
import { findPlan } from '../plans.ts';
import { applyPaidPeriod } from '../subscriptions/subscription-repository.ts';
import type { YooKassaPayment } from '../yookassa/gateway.ts';
import { findPaymentByYooKassaId } from './payment-repository.ts';

export type ReconcileOutcome =
  /** YooKassa's payment is none of ours. */
  | 'unknown'
  /** Ours by id, but its amount or metadata differ from what we created: not acted on. */
  | 'mismatch'
  /** Nothing new: the state was already recorded (a duplicate notification lands here). */
  | 'unchanged'
  | 'succeeded'
  | 'canceled'
  /** pending / waiting_for_capture recorded. */
  | 'updated';

/** The payment YooKassa returned is the one we created: same amount, currency and our id in metadata. */
function sameAsCreated(local: PaymentRow, remote: YooKassaPayment): boolean {
  return (
    remote.amount?.currency === 'RUB' &&
    parseRub(String(remote.amount?.value)) === Number(local.amount_kopecks) &&
    (remote.metadata as Record<string, unknown> | undefined)?.paymentId === local.id
  );
}

/**
 * Brings our payment in line with YooKassa's view of it. `remote` must come from YooKassa's API
 * (GET /v3/payments/{id} or a create's answer), never from a notification body: a notification
 * only says which payment to look at. Acting is idempotent: a payment is settled once (row lock
 * plus status check, and the ledger's unique payment id behind it).
 */
export async function reconcilePayment(
  store: BillingStore,
  remote: YooKassaPayment,
): Promise<{ outcome: ReconcileOutcome; payment: PaymentRow | null }> {
  const local = await findPaymentByYooKassaId(store.db, remote.id);
  if (!local) return { outcome: 'unknown', payment: null };
  if (!sameAsCreated(local, remote)) {
    store.logger.warn(
      { paymentId: local.id, yookassaId: remote.id },
      'YooKassa payment does not match the payment created; not acting on it',
    );
    return { outcome: 'mismatch', payment: local };
  }
  if (remote.status === 'succeeded' && remote.paid) return settleSucceeded(store, local, remote);
  if (remote.status === 'canceled') return markCanceled(store, local, remote);
  if (remote.status === 'pending' || remote.status === 'waiting_for_capture') {
    const updated = await store.db
      .updateTable('payments')
      .set({ status: remote.status, updated_at: new Date() })
      .where('id', '=', local.id)
      .where('status', 'in', ['creating', 'pending'])
      .where('status', '!=', remote.status)
      .returningAll()
      .executeTakeFirst();
    return { outcome: updated ? 'updated' : 'unchanged', payment: updated ?? local };
  }
  return { outcome: 'unchanged', payment: local };
}

async function settleSucceeded(
  store: BillingStore,
  local: PaymentRow,
  remote: YooKassaPayment,
): Promise<{ outcome: ReconcileOutcome; payment: PaymentRow }> {
  const plan = findPlan(local.plan_id);
  if (!plan) throw new Error(`payment ${local.id} is for unknown plan ${local.plan_id}`);
  const paidAt = remote.captured_at ? new Date(remote.captured_at) : new Date();
  const savedMethodId = remote.payment_method?.saved ? remote.payment_method.id : null;

  const settled = await store.db.transaction().execute(async (trx) => {
    const payment = await trx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', local.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (payment.status === 'succeeded') return null;

    const period =
      payment.purpose === 'credits' ? null : await applyPaidPeriod(trx, payment, plan, paidAt, savedMethodId);
    const updated = await trx
      .updateTable('payments')
      .set({
        status: 'succeeded',
        paid_at: paidAt,
        payment_method_id: savedMethodId,
        subscription_id: period?.subscription.id ?? payment.subscription_id,
        failure_reason: null,
        updated_at: new Date(),
      })
      .where('id', '=', payment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const credits = Number(payment.credits);
    const ledger =
      credits > 0
        ? await postTransaction(trx, {
            kind: 'payment',
            userId: payment.user_id,
            amount: credits,
            direction: 'into',
            counterparty: systemAccounts.purchases,
            reason: `${plan.name}: payment ${payment.id}`,
            createdBy: 'yookassa',
            paymentId: payment.id,
          })
        : null;
    return { payment: updated, period, ledger };
  });
  if (!settled) return { outcome: 'unchanged', payment: local };

  const { payment, period } = settled;
  emitBillingEvent(store.audit, {
    action: 'billing.payment.succeeded',
    orgId: payment.org_id,
    target: { type: 'payment', id: payment.id },
    details: {
      userId: payment.user_id,
      planId: payment.plan_id,
      purpose: payment.purpose,
      amount: remote.amount.value,
      currency: remote.amount.currency,
      credits: Number(payment.credits),
      yookassaPaymentId: remote.id,
    },
  });
  if (period) {
    emitBillingEvent(store.audit, {
      action:
        period.outcome === 'activated' ? 'billing.subscription.activated' : 'billing.subscription.renewed',
      orgId: payment.org_id,
      target: { type: 'subscription', id: period.subscription.id },
      details: {
        userId: payment.user_id,
        planId: period.subscription.plan_id,
        paymentId: payment.id,
        periodEnd: period.subscription.current_period_end.toISOString(),
        paymentMethodSaved: period.subscription.payment_method_id !== null,
      },
    });
  }
  store.logger.info({ paymentId: payment.id, purpose: payment.purpose }, 'payment settled');
  return { outcome: 'succeeded', payment };
}

async function markCanceled(
  store: BillingStore,
  local: PaymentRow,
  remote: YooKassaPayment,
): Promise<{ outcome: ReconcileOutcome; payment: PaymentRow }> {
  const updated = await store.db
    .updateTable('payments')
    .set({
      status: 'canceled',
      failure_reason: remote.cancellation_details?.reason ?? null,
      updated_at: new Date(),
    })
    .where('id', '=', local.id)
    .where('status', 'in', ['creating', 'pending', 'waiting_for_capture'])
    .returningAll()
    .executeTakeFirst();
  if (!updated) return { outcome: 'unchanged', payment: local };
  emitBillingEvent(store.audit, {
    action: 'billing.payment.canceled',
    orgId: updated.org_id,
    target: { type: 'payment', id: updated.id },
    details: {
      userId: updated.user_id,
      planId: updated.plan_id,
      purpose: updated.purpose,
      reason: updated.failure_reason,
      party: remote.cancellation_details?.party ?? null,
    },
  });
  return { outcome: 'canceled', payment: updated };
}
