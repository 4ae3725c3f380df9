import type { Kysely } from 'kysely';
import type { NotificationsDatabase } from '../db/schema.ts';
import { notificationView } from '../views.ts';
import { encodeCursor, type InboxPosition } from './cursor.ts';
import { findInboxPage } from './notification-repository.ts';

/** One page of the inbox, newest first, reading one row more than asked to know whether more follow. */
export async function listNotifications(
  db: Kysely<NotificationsDatabase>,
  userId: string,
  page: { unreadOnly: boolean; after?: InboxPosition; limit: number },
) {
  const rows = await findInboxPage(db, userId, { ...page, limit: page.limit + 1 });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    notifications: shown.map(notificationView),
    /** Pass as `cursor` for the next (older) page; null on the last page. */
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ time: last.created_at.toISOString(), id: last.id })
        : null,
  };
}
