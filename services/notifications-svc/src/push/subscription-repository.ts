import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { NotificationsDatabase, PushSubscriptionRow } from '../db/schema.ts';

type Db = Kysely<NotificationsDatabase>;

/**
 * Saves a browser's subscription for the user. The same endpoint again (the browser subscribed
 * anew, maybe with new keys) updates the row instead of adding one. A user holds at most `max`;
 * beyond that their least recently subscribed browser is dropped, since browsers rarely say
 * when a subscription ends and a full list must not lock the user out of new devices.
 */
export async function saveSubscription(
  db: Db,
  userId: string,
  subscription: { endpoint: string; p256dh: string; auth: string; userAgent: string | null },
  max: number,
): Promise<{ subscription: PushSubscriptionRow; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('push_subscriptions')
      .values({
        id: randomUUID(),
        user_id: userId,
        endpoint: subscription.endpoint,
        p256dh: subscription.p256dh,
        auth: subscription.auth,
        user_agent: subscription.userAgent,
      })
      .onConflict((conflict) =>
        conflict.columns(['user_id', 'endpoint']).doUpdateSet({
          p256dh: subscription.p256dh,
          auth: subscription.auth,
          user_agent: subscription.userAgent,
          updated_at: sql`now()`,
        }),
      )
      .returningAll()
      // xmax is 0 for a row this statement inserted, and set for one it updated.
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .executeTakeFirstOrThrow();
    await trx
      .deleteFrom('push_subscriptions')
      .where('user_id', '=', userId)
      .where(
        'id',
        'not in',
        trx
          .selectFrom('push_subscriptions')
          .select('id')
          .where('user_id', '=', userId)
          .orderBy('updated_at', 'desc')
          .orderBy('id', 'desc')
          .limit(max),
      )
      .execute();
    const { inserted, ...saved } = row;
    return { subscription: saved, created: inserted };
  });
}

export function listSubscriptions(db: Db, userId: string): Promise<PushSubscriptionRow[]> {
  return db
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function deleteSubscription(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteSubscriptionByEndpoint(
  db: Db,
  userId: string,
  endpoint: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('user_id', '=', userId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The push service said it is gone (404/410): no one will ever receive on it again. */
export async function dropSubscription(db: Db, id: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
}
