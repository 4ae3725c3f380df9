import { type Kysely, sql, type Transaction } from 'kysely';
import type { BillingDatabase } from '../db/schema.ts';
import { systemAccounts } from '../ledger/accounts.ts';
import { InsufficientCredits, postTransaction } from '../ledger/post-transaction.ts';
import { findPlan, type Metric, type Plan } from '../plans.ts';
import { findSubscription } from '../subscriptions/subscription-repository.ts';

export interface UsageRequest {
  userId: string;
  orgId: string | null;
  metric: Metric;
  /** The caller's key for this use (chat-svc: the answer's message id): counted once. */
  key: string;
}

export interface UsageVerdict {
  allowed: boolean;
  /** How an allowed use was paid for: the plan's daily quota, or one credit beyond it. */
  source?: 'quota' | 'credits';
  plan: string;
  /** Uses today, this one included when allowed. */
  used: number;
  limit: number;
  /** The next UTC midnight, when the quota starts again. */
  resetsAt: string;
}

const utcDay = (now: Date) => now.toISOString().slice(0, 10);
const nextUtcMidnight = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();

/** The plan whose quotas apply: Pro while a subscription's paid period runs, otherwise Free. */
export async function currentPlan(db: Kysely<BillingDatabase>, userId: string, now: Date): Promise<Plan> {
  const subscription = await findSubscription(db, userId);
  const active = subscription?.status === 'active' && subscription.current_period_end > now;
  return findPlan(active ? subscription.plan_id : 'free') ?? (findPlan('free') as Plan);
}

class Refused extends Error {
  readonly used: number;
  constructor(used: number) {
    super('quota used up and no credits');
    this.used = used;
  }
}

/**
 * Counts one use before the work starts: within the plan's daily quota it is free; beyond it one
 * credit is spent (from the same ledger, in the same transaction); with neither it is refused and
 * nothing is recorded. The user's row for the day is locked while deciding, so concurrent uses
 * never both take the last free one; the same key again answers as the first time did.
 */
export async function meterUsage(
  db: Kysely<BillingDatabase>,
  request: UsageRequest,
  now = new Date(),
): Promise<UsageVerdict> {
  const plan = await currentPlan(db, request.userId, now);
  const limit = plan.quotas?.[request.metric] ?? 0;
  const day = utcDay(now);
  const verdict = (allowed: boolean, used: number, source?: 'quota' | 'credits'): UsageVerdict => ({
    allowed,
    ...(source ? { source } : {}),
    plan: plan.id,
    used,
    limit,
    resetsAt: nextUtcMidnight(now),
  });

  try {
    return await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('usage_daily')
        .values({ user_id: request.userId, metric: request.metric, day })
        .onConflict((conflict) => conflict.columns(['user_id', 'metric', 'day']).doNothing())
        .execute();
      const daily = await trx
        .selectFrom('usage_daily')
        .select('count')
        .where('user_id', '=', request.userId)
        .where('metric', '=', request.metric)
        .where('day', '=', day)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const earlier = await trx
        .selectFrom('usage_events')
        .select('source')
        .where('user_id', '=', request.userId)
        .where('metric', '=', request.metric)
        .where('key', '=', request.key)
        .executeTakeFirst();
      if (earlier) return verdict(true, daily.count, earlier.source);

      const source = daily.count < limit ? 'quota' : await payWithCredit(trx, request, daily.count);
      await trx
        .insertInto('usage_events')
        .values({
          user_id: request.userId,
          metric: request.metric,
          key: request.key,
          org_id: request.orgId,
          day,
          source,
        })
        .execute();
      await trx
        .updateTable('usage_daily')
        .set({ count: sql<number>`count + 1` })
        .where('user_id', '=', request.userId)
        .where('metric', '=', request.metric)
        .where('day', '=', day)
        .execute();
      return verdict(true, daily.count + 1, source);
    });
  } catch (error) {
    if (error instanceof Refused) return verdict(false, error.used);
    throw error;
  }
}

async function payWithCredit(trx: Transaction<BillingDatabase>, request: UsageRequest, used: number) {
  try {
    await postTransaction(trx, {
      kind: 'spend',
      userId: request.userId,
      amount: 1,
      direction: 'out_of',
      counterparty: systemAccounts.spend,
      reason: `${request.metric} beyond the daily quota`,
      createdBy: 'quota',
      idempotencyKey: `usage:${request.metric}:${request.key}`,
    });
    return 'credits' as const;
  } catch (error) {
    // Rolls the whole transaction back: nothing of this use is recorded.
    if (error instanceof InsufficientCredits) throw new Refused(used);
    throw error;
  }
}

/** Today's uses of every metric for one user, against their plan. */
export async function usageToday(db: Kysely<BillingDatabase>, userId: string, now = new Date()) {
  const plan = await currentPlan(db, userId, now);
  const rows = await db
    .selectFrom('usage_daily')
    .select(['metric', 'count'])
    .where('user_id', '=', userId)
    .where('day', '=', utcDay(now))
    .execute();
  const used = new Map(rows.map((row) => [row.metric, row.count]));
  return {
    plan: plan.id,
    resetsAt: nextUtcMidnight(now),
    metrics: Object.fromEntries(
      Object.entries(plan.quotas ?? {}).map(([metric, limit]) => [
        metric,
        { used: used.get(metric) ?? 0, limit },
      ]),
    ),
  };
}

/** An org's uses per UTC day and metric over the last `days` days (its admins' view). */
export async function orgUsage(db: Kysely<BillingDatabase>, orgId: string, days: number, now = new Date()) {
  const from = utcDay(new Date(now.getTime() - (days - 1) * 86_400_000));
  const rows = await db
    .selectFrom('usage_events')
    .select([
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      'metric',
      (eb) => eb.fn.countAll<string>().as('uses'),
      sql<string>`count(distinct user_id)`.as('users'),
      sql<string>`count(*) filter (where source = 'credits')`.as('paid'),
    ])
    .where('org_id', '=', orgId)
    .where('day', '>=', from)
    .groupBy(['day', 'metric'])
    .orderBy('day', 'desc')
    .orderBy('metric')
    .execute();
  return rows.map((row) => ({
    day: row.day,
    metric: row.metric,
    uses: Number(row.uses),
    users: Number(row.users),
    paidWithCredits: Number(row.paid),
  }));
}
