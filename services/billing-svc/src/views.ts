import type { PaymentRow, RefundRow, SubscriptionRow } from './db/schema.ts';
import { rub } from './money.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A payment as its owner (and an admin) sees it. YooKassa's own ids stay inside. */
export function paymentView(row: PaymentRow) {
  return {
    id: row.id,
    planId: row.plan_id,
    purpose: row.purpose,
    status: row.status,
    amount: rub(Number(row.amount_kopecks)),
    refunded: rub(Number(row.refunded_kopecks)),
    credits: Number(row.credits),
    /** Where to send the user to pay (while pending). */
    confirmationUrl: row.status === 'pending' ? row.confirmation_url : null,
    failureReason: row.failure_reason,
    subscriptionId: row.subscription_id,
    createdAt: row.created_at.toISOString(),
    paidAt: iso(row.paid_at),
  };
}

export function subscriptionView(row: SubscriptionRow) {
  return {
    id: row.id,
    planId: row.plan_id,
    status: row.status,
    currentPeriodStart: row.current_period_start.toISOString(),
    currentPeriodEnd: row.current_period_end.toISOString(),
    cancelAtPeriodEnd: row.cancel_at_period_end,
    /** Whether a renewal will be charged at the period's end. */
    renews: row.status === 'active' && !row.cancel_at_period_end && row.payment_method_id !== null,
    canceledAt: iso(row.canceled_at),
    endedAt: iso(row.ended_at),
    endedReason: row.ended_reason,
  };
}

export function refundView(row: RefundRow) {
  return {
    id: row.id,
    paymentId: row.payment_id,
    status: row.status,
    amount: rub(Number(row.amount_kopecks)),
    creditsReversed: row.credits_reversed === null ? null : Number(row.credits_reversed),
    reason: row.reason,
    failureReason: row.failure_reason,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}
