import { type Kysely, sql } from 'kysely';
import type { DeliveryChannel, DeliveryStatus, NotificationsDatabase } from '../db/schema.ts';

type Db = Kysely<NotificationsDatabase>;

export interface DeliveryKey {
  notificationId: string;
  channel: DeliveryChannel;
  /** A push subscription's id, or an email address. */
  target: string;
}

const keyOf = (key: DeliveryKey) => ({
  notification_id: key.notificationId,
  channel: key.channel,
  target: key.target,
});

/**
 * Written before sending: creates the delivery as pending, or finds the one an earlier try left.
 * True when it must still be sent; false when it already arrived, was gone or failed for good, so
 * a retried or re-run job never sends to a target twice.
 */
export async function claimDelivery(db: Db, key: DeliveryKey): Promise<boolean> {
  await db
    .insertInto('deliveries')
    .values({ ...keyOf(key), status: 'pending' })
    .onConflict((conflict) => conflict.columns(['notification_id', 'channel', 'target']).doNothing())
    .execute();
  const row = await db
    .selectFrom('deliveries')
    .select('status')
    .where('notification_id', '=', key.notificationId)
    .where('channel', '=', key.channel)
    .where('target', '=', key.target)
    .executeTakeFirstOrThrow();
  return row.status === 'pending';
}

/** Written after a try: its outcome (pending again for a failure worth another try). */
export async function recordTry(
  db: Db,
  key: DeliveryKey,
  status: DeliveryStatus,
  error: string | null = null,
): Promise<void> {
  await db
    .insertInto('deliveries')
    .values({ ...keyOf(key), status, tries: 1, last_error: error })
    .onConflict((conflict) =>
      conflict.columns(['notification_id', 'channel', 'target']).doUpdateSet({
        status,
        tries: sql`deliveries.tries + 1`,
        last_error: error,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export function deliveriesOf(db: Db, notificationId: string) {
  return db
    .selectFrom('deliveries')
    .select(['channel', 'target', 'status', 'tries', 'last_error'])
    .where('notification_id', '=', notificationId)
    .orderBy('channel')
    .orderBy('target')
    .execute();
}
