import type { Kysely } from 'kysely';
import type { BillingDatabase } from '../db/schema.ts';
import { readBalance, systemAccounts } from './accounts.ts';
import { InsufficientCredits, postTransaction } from './post-transaction.ts';

export interface CreditsRequest {
  userId: string;
  amount: number;
  reason: string;
  /** The caller's key for this movement: the same key again is answered, not applied again. */
  idempotencyKey: string;
  /** The service or admin asking. */
  createdBy: string;
}

export type MoveOutcome =
  | { outcome: 'moved'; transactionId: string; balance: number }
  /** Applied already under this key: the first one's transaction, nothing new. */
  | { outcome: 'replayed'; transactionId: string; balance: number }
  | { outcome: 'insufficient'; balance: number }
  /** The key was used for another amount or reason. */
  | { outcome: 'key_reused' };

async function moveOnce(
  db: Kysely<BillingDatabase>,
  kind: 'spend' | 'grant',
  request: CreditsRequest,
): Promise<MoveOutcome> {
  try {
    const posted = await db.transaction().execute((trx) =>
      postTransaction(trx, {
        kind,
        userId: request.userId,
        amount: request.amount,
        direction: kind === 'spend' ? 'out_of' : 'into',
        counterparty: kind === 'spend' ? systemAccounts.spend : systemAccounts.grants,
        reason: request.reason,
        createdBy: request.createdBy,
        idempotencyKey: request.idempotencyKey,
      }),
    );
    if (posted.posted)
      return { outcome: 'moved', transactionId: posted.transactionId, balance: posted.balance };
  } catch (error) {
    // The whole transaction rolled back, its key included: the caller may retry once topped up.
    if (error instanceof InsufficientCredits) return { outcome: 'insufficient', balance: error.balance };
    throw error;
  }

  const earlier = await db
    .selectFrom('ledger_transactions')
    .select(['id', 'amount', 'reason'])
    .where('kind', '=', kind)
    .where('user_id', '=', request.userId)
    .where('idempotency_key', '=', request.idempotencyKey)
    .executeTakeFirstOrThrow();
  if (Number(earlier.amount) !== request.amount || earlier.reason !== request.reason)
    return { outcome: 'key_reused' };
  return {
    outcome: 'replayed',
    transactionId: earlier.id,
    balance: (await readBalance(db, request.userId)).credits,
  };
}

/** Takes credits from a user's balance, once per idempotency key, never below zero. */
export const spendCredits = (db: Kysely<BillingDatabase>, request: CreditsRequest) =>
  moveOnce(db, 'spend', request);

/** Gives a user credits (an admin's goodwill), once per idempotency key. */
export const grantCredits = (db: Kysely<BillingDatabase>, request: CreditsRequest) =>
  moveOnce(db, 'grant', request);
