import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { BillingDatabase, LedgerTransactionKind } from '../db/schema.ts';
import { ensureUserAccount, readBalance, type SystemAccount, userAccountId } from './accounts.ts';

/** The user's account would go below zero; nothing was written. */
export class InsufficientCredits extends Error {
  readonly balance: number;
  readonly requested: number;
  constructor(balance: number, requested: number) {
    super(`balance ${balance} is less than ${requested}`);
    this.name = 'InsufficientCredits';
    this.balance = balance;
    this.requested = requested;
  }
}

/**
 * One movement of credits between a user's account and a system account: two entries, +amount on
 * one side and -amount on the other (the database refuses a transaction that does not sum to zero).
 */
export interface NewLedgerTransaction {
  kind: LedgerTransactionKind;
  userId: string;
  /** Credits moved, > 0. */
  amount: number;
  /** into: the user's balance grows; out_of: it shrinks (refused below zero). */
  direction: 'into' | 'out_of';
  counterparty: SystemAccount;
  reason: string;
  createdBy: string;
  paymentId?: string;
  refundId?: string;
  idempotencyKey?: string;
}

export type PostOutcome =
  | { posted: true; transactionId: string; balance: number }
  /** A transaction with the same payment, refund or spend key is already there: nothing written. */
  | { posted: false };

/**
 * Posts a transaction inside the caller's database transaction. Its row goes in first, with ON
 * CONFLICT DO NOTHING against the unique payment / refund / spend-key indexes: a concurrent
 * duplicate waits for the first to commit and then writes nothing. The balance moves by a
 * conditional UPDATE (`balance + delta >= 0`), which locks the account row: concurrent spends of
 * one account queue on that lock and each sees the balance the previous one left, so the balance
 * cannot go below zero however many arrive at once.
 */
export async function postTransaction(
  trx: Transaction<BillingDatabase>,
  tx: NewLedgerTransaction,
): Promise<PostOutcome> {
  if (!Number.isSafeInteger(tx.amount) || tx.amount <= 0)
    throw new Error(`invalid ledger amount ${tx.amount}`);
  const transactionId = randomUUID();
  const inserted = await trx
    .insertInto('ledger_transactions')
    .values({
      id: transactionId,
      kind: tx.kind,
      user_id: tx.userId,
      amount: tx.amount,
      reason: tx.reason,
      payment_id: tx.paymentId ?? null,
      refund_id: tx.refundId ?? null,
      idempotency_key: tx.idempotencyKey ?? null,
      created_by: tx.createdBy,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { posted: false };

  await ensureUserAccount(trx, tx.userId);
  const delta = tx.direction === 'into' ? tx.amount : -tx.amount;
  const account = await trx
    .updateTable('accounts')
    .set({ balance: sql<string>`balance + ${delta}`, updated_at: new Date() })
    .where('id', '=', userAccountId(tx.userId))
    .where(sql<boolean>`balance + ${delta} >= 0`)
    .returning('balance')
    .executeTakeFirst();
  if (!account) throw new InsufficientCredits((await readBalance(trx, tx.userId)).credits, tx.amount);

  const balance = Number(account.balance);
  await trx
    .insertInto('ledger_entries')
    .values([
      {
        transaction_id: transactionId,
        account_id: userAccountId(tx.userId),
        amount: delta,
        balance_after: balance,
      },
      { transaction_id: transactionId, account_id: tx.counterparty, amount: -delta, balance_after: null },
    ])
    .execute();
  return { posted: true, transactionId, balance };
}
