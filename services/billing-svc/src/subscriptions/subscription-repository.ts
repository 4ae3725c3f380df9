import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { BillingDatabase, PaymentRow, SubscriptionEndReason, SubscriptionRow } from '../db/schema.ts';
import type { Plan } from '../plans.ts';

type Db = Kysely<BillingDatabase>;

export function findSubscription(db: Db, userId: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function findSubscriptionById(db: Db, subscriptionId: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirst();
}

/** `start + period` as Postgres computes it (Jan 31 + 1 month = Feb 28/29, not Mar 3). */
const plus = (start: Date, period: string) => sql<Date>`${start}::timestamptz + ${period}::interval`;

/**
 * What a succeeded payment does to the user's subscription, inside the settling transaction.
 * A first payment (or one after the subscription ended) starts a period at the moment of payment;
 * a renewal continues from the end of the period it renews, so months do not drift; paying again
 * while active adds a period at the end. The saved method, when YooKassa saved one, is what the
 * next renewal charges.
 */
export async function applyPaidPeriod(
  trx: Transaction<BillingDatabase>,
  payment: PaymentRow,
  plan: Plan,
  paidAt: Date,
  savedMethodId: string | null,
): Promise<{ subscription: SubscriptionRow; outcome: 'activated' | 'renewed' | 'extended' }> {
  const period = plan.period ?? '1 month';
  const current = await trx
    .selectFrom('subscriptions')
    .selectAll()
    .where('user_id', '=', payment.user_id)
    .forUpdate()
    .executeTakeFirst();

  if (current?.status === 'active' && payment.purpose === 'renewal') {
    // The next period follows the one renewed, whenever the charge went through.
    const subscription = await trx
      .updateTable('subscriptions')
      .set({
        current_period_start: current.current_period_end,
        current_period_end: plus(current.current_period_end, period),
        payment_method_id: savedMethodId ?? current.payment_method_id,
        last_payment_id: payment.id,
        updated_at: new Date(),
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { subscription, outcome: 'renewed' };
  }
  if (current?.status === 'active' && current.current_period_end > paidAt) {
    // Paid again while subscribed (two checkouts completed): the paid time is added at the end.
    const subscription = await trx
      .updateTable('subscriptions')
      .set({
        current_period_end: plus(current.current_period_end, period),
        payment_method_id: savedMethodId ?? current.payment_method_id,
        last_payment_id: payment.id,
        updated_at: new Date(),
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { subscription, outcome: 'extended' };
  }

  const fresh = {
    org_id: payment.org_id,
    plan_id: plan.id,
    status: 'active' as const,
    payment_method_id: savedMethodId,
    receipt_email: payment.receipt_email,
    current_period_start: paidAt,
    current_period_end: plus(paidAt, period),
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    ended_reason: null,
    last_payment_id: payment.id,
    updated_at: new Date(),
  };
  const subscription = current
    ? await trx
        .updateTable('subscriptions')
        .set(fresh)
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await trx
        .insertInto('subscriptions')
        .values({ id: randomUUID(), user_id: payment.user_id, ...fresh })
        .returningAll()
        .executeTakeFirstOrThrow();
  return { subscription, outcome: 'activated' };
}

/** The user cancels: no more renewals, active until the period's end. Undefined: nothing active. */
export async function cancelAtPeriodEnd(
  db: Db,
  userId: string,
): Promise<{ subscription: SubscriptionRow; changed: boolean } | undefined> {
  const changed = await db
    .updateTable('subscriptions')
    .set({ cancel_at_period_end: true, canceled_at: new Date(), updated_at: new Date() })
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where('cancel_at_period_end', '=', false)
    .returningAll()
    .executeTakeFirst();
  if (changed) return { subscription: changed, changed: true };
  const current = await findSubscription(db, userId);
  return current?.status === 'active' ? { subscription: current, changed: false } : undefined;
}

/**
 * Ends an active subscription, only if it is still in the period the caller saw (so a renewal
 * that raced ahead is not undone). Undefined when something else changed it first.
 */
export function endSubscription(
  db: Db,
  subscriptionId: string,
  reason: SubscriptionEndReason,
  expectedPeriodEnd?: Date,
): Promise<SubscriptionRow | undefined> {
  let query = db
    .updateTable('subscriptions')
    .set({ status: 'ended', ended_at: new Date(), ended_reason: reason, updated_at: new Date() })
    .where('id', '=', subscriptionId)
    .where('status', '=', 'active');
  if (expectedPeriodEnd) query = query.where('current_period_end', '=', expectedPeriodEnd);
  return query.returningAll().executeTakeFirst();
}

/** Active subscriptions whose period has ended: the renewal sweep's work. */
export function dueSubscriptions(
  db: Db,
  limit: number,
): Promise<Pick<SubscriptionRow, 'id' | 'current_period_end'>[]> {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'current_period_end'])
    .where('status', '=', 'active')
    .where('current_period_end', '<=', new Date())
    .orderBy('current_period_end')
    .limit(limit)
    .execute();
}
