import type { Kysely } from 'kysely';
import type { BillingDatabase, LedgerTransactionKind } from '../db/schema.ts';
import { userAccountId } from './accounts.ts';

export interface LedgerLine {
  id: string;
  transactionId: string;
  kind: LedgerTransactionKind;
  /** Signed: + credits in, - credits out. */
  amount: number;
  balanceAfter: number;
  reason: string;
  paymentId: string | null;
  refundId: string | null;
  createdAt: string;
}

/** One page of a user's own ledger, newest first, strictly before the entry id `before`. */
export async function listLedger(
  db: Kysely<BillingDatabase>,
  userId: string,
  page: { before: number | null; limit: number },
): Promise<{ lines: LedgerLine[]; more: boolean }> {
  let query = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select([
      'e.id',
      'e.transaction_id',
      'e.amount',
      'e.balance_after',
      'e.created_at',
      't.kind',
      't.reason',
      't.payment_id',
      't.refund_id',
    ])
    .where('e.account_id', '=', userAccountId(userId))
    .orderBy('e.id', 'desc')
    .limit(page.limit + 1);
  if (page.before !== null) query = query.where('e.id', '<', String(page.before));
  const rows = await query.execute();
  return {
    more: rows.length > page.limit,
    lines: rows.slice(0, page.limit).map((row) => ({
      id: row.id,
      transactionId: row.transaction_id,
      kind: row.kind,
      amount: Number(row.amount),
      balanceAfter: Number(row.balance_after),
      reason: row.reason,
      paymentId: row.payment_id,
      refundId: row.refund_id,
      createdAt: row.created_at.toISOString(),
    })),
  };
}
