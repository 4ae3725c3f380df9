import type { Kysely } from 'kysely';
import type { BillingDatabase, PaymentRow } from '../db/schema.ts';

type Db = Kysely<BillingDatabase>;

/** The user's own payment; another user's id is the same as an unknown one (undefined). */
export function findOwnPayment(db: Db, userId: string, paymentId: string): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', paymentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function findPayment(db: Db, paymentId: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
}

export function findPaymentByYooKassaId(db: Db, yookassaId: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('yookassa_id', '=', yookassaId).executeTakeFirst();
}

export function findPaymentByClientKey(
  db: Db,
  userId: string,
  clientKey: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('user_id', '=', userId)
    .where('client_key', '=', clientKey)
    .executeTakeFirst();
}

export interface NewPayment {
  id: string;
  userId: string;
  orgId: string | null;
  planId: string;
  purpose: PaymentRow['purpose'];
  clientKey: string;
  amountKopecks: number;
  credits: number;
  description: string;
  receiptEmail: string | null;
  subscriptionId: string | null;
}

/**
 * Inserts the payment in status `creating`, or returns the one already made under the same
 * (user, key): then `inserted` is false and nothing was written.
 */
export async function insertPayment(
  db: Db,
  payment: NewPayment,
): Promise<{ row: PaymentRow; inserted: boolean }> {
  const row = await db
    .insertInto('payments')
    .values({
      id: payment.id,
      user_id: payment.userId,
      org_id: payment.orgId,
      plan_id: payment.planId,
      purpose: payment.purpose,
      client_key: payment.clientKey,
      yookassa_id: null,
      status: 'creating',
      amount_kopecks: payment.amountKopecks,
      credits: payment.credits,
      description: payment.description,
      receipt_email: payment.receiptEmail,
      confirmation_url: null,
      payment_method_id: null,
      subscription_id: payment.subscriptionId,
      failure_reason: null,
      paid_at: null,
    })
    .onConflict((conflict) => conflict.columns(['user_id', 'client_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) return { row, inserted: true };
  const existing = await findPaymentByClientKey(db, payment.userId, payment.clientKey);
  if (!existing) throw new Error('payment vanished between insert and read');
  return { row: existing, inserted: false };
}

/**
 * Records that YooKassa made the payment: its id and confirmation URL, and `creating` becomes
 * `pending`. Its outcome (succeeded, canceled) is left to reconcilePayment, which settles it.
 */
export async function recordCreated(
  db: Db,
  paymentId: string,
  remote: { id: string; confirmationUrl: string | null },
): Promise<PaymentRow> {
  return db
    .updateTable('payments')
    .set((eb) => ({
      yookassa_id: remote.id,
      // A notification may already have moved it on.
      status: eb
        .case()
        .when('status', '=', 'creating')
        .then('pending' as PaymentRow['status'])
        .else(eb.ref('status'))
        .end(),
      confirmation_url: remote.confirmationUrl,
      updated_at: new Date(),
    }))
    .where('id', '=', paymentId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markFailed(db: Db, paymentId: string, reason: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ status: 'failed', failure_reason: reason.slice(0, 300), updated_at: new Date() })
    .where('id', '=', paymentId)
    .where('status', '=', 'creating')
    .execute();
}
