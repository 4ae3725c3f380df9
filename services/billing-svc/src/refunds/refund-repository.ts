import type { Kysely } from 'kysely';
import type { BillingDatabase, RefundRow } from '../db/schema.ts';

type Db = Kysely<BillingDatabase>;

export function findRefund(db: Db, refundId: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirst();
}

export function findRefundByYooKassaId(db: Db, yookassaId: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('yookassa_id', '=', yookassaId).executeTakeFirst();
}

export function findRefundByClientKey(
  db: Db,
  adminId: string,
  clientKey: string,
): Promise<RefundRow | undefined> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('created_by', '=', adminId)
    .where('client_key', '=', clientKey)
    .executeTakeFirst();
}

export async function markRefundFailed(db: Db, refundId: string, reason: string): Promise<void> {
  await db
    .updateTable('refunds')
    .set({ status: 'failed', failure_reason: reason.slice(0, 300), updated_at: new Date() })
    .where('id', '=', refundId)
    .where('status', '=', 'creating')
    .execute();
}
