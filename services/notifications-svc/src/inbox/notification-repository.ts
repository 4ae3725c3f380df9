import { type Kysely, sql } from 'kysely';
import type { NotificationRow, NotificationsDatabase } from '../db/schema.ts';
import type { InboxPosition } from './cursor.ts';

type Db = Kysely<NotificationsDatabase>;

/**
 * The inbox is a user's notifications that are shown in-app and not deleted. Every query here is
 * scoped by user_id: another user's notification is simply not found.
 */
const inbox = (db: Db, userId: string) =>
  db
    .selectFrom('notifications')
    .where('user_id', '=', userId)
    .where('in_app', '=', true)
    .where('deleted_at', 'is', null);

export async function findInboxPage(
  db: Db,
  userId: string,
  options: { unreadOnly: boolean; after?: InboxPosition; limit: number },
): Promise<NotificationRow[]> {
  let query = inbox(db, userId).selectAll();
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.after) {
    const { time, id } = options.after;
    query = query.where(sql<boolean>`(created_at, id) < (${time}::timestamptz, ${id}::uuid)`);
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export async function findInboxNotification(db: Db, userId: string, id: string) {
  return inbox(db, userId).selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await inbox(db, userId)
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('unread'))
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

const visible = (db: Db, userId: string) =>
  db
    .updateTable('notifications')
    .where('user_id', '=', userId)
    .where('in_app', '=', true)
    .where('deleted_at', 'is', null);

/** Marks one read (again: a no-op that keeps the first read time); undefined when not theirs. */
export async function markRead(db: Db, userId: string, id: string) {
  return visible(db, userId)
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function markAllRead(db: Db, userId: string): Promise<number> {
  const result = await visible(db, userId)
    .set({ read_at: sql`now()` })
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Deletes what the user sees (title, body, link) but keeps the row: its event id must stay
 * known, or the same event sent again would come back as a new notification.
 */
export async function deleteNotification(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await visible(db, userId)
    .set({ deleted_at: sql`now()`, title: '', body: '', url: null })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
