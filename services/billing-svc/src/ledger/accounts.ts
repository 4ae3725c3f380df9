import type { Kysely } from 'kysely';
import type { BillingDatabase } from '../db/schema.ts';

type Db = Kysely<BillingDatabase>;

/** The system's side of every movement, created by the migration. */
export const systemAccounts = {
  /** Where purchased credits come from (and return to when a payment is refunded). */
  purchases: 'system:purchases',
  /** Where spent credits go. */
  spend: 'system:spend',
  /** Where credits an admin gives away come from. */
  grants: 'system:grants',
} as const;
export type SystemAccount = (typeof systemAccounts)[keyof typeof systemAccounts];

export const userAccountId = (userId: string) => `user:${userId}`;

/** Created on first use, so a user who never bought anything simply has a balance of 0. */
export async function ensureUserAccount(db: Db, userId: string): Promise<void> {
  await db
    .insertInto('accounts')
    .values({ id: userAccountId(userId), kind: 'user', user_id: userId })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function readBalance(
  db: Db,
  userId: string,
): Promise<{ credits: number; updatedAt: Date | null }> {
  const account = await db
    .selectFrom('accounts')
    .select(['balance', 'updated_at'])
    .where('id', '=', userAccountId(userId))
    .executeTakeFirst();
  return { credits: Number(account?.balance ?? 0), updatedAt: account?.updated_at ?? null };
}
