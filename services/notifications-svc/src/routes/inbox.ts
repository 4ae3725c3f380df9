import { currentUser } from '@perplexica/auth-kit';
import { notFound } from '@perplexica/errors';
import { pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { NotificationsContext, NotificationsEnv } from '../deps.ts';
import { decodeCursor } from '../inbox/cursor.ts';
import { listNotifications } from '../inbox/list-notifications.ts';
import {
  countUnread,
  deleteNotification,
  findInboxNotification,
  markAllRead,
  markRead,
} from '../inbox/notification-repository.ts';
import { notificationView } from '../views.ts';
import { idPath, inboxQuery } from '../wire-schemas.ts';

/** The signed-in user's in-app notifications. Another user's is 404, exactly like a missing one. */
export function inboxRoutes(ctx: NotificationsContext): Hono<NotificationsEnv> {
  const app = new Hono<NotificationsEnv>();

  app.get('/', async (c) => {
    const { unread, cursor, limit } = queryParams(c, inboxQuery);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    return c.json(await listNotifications(ctx.db, currentUser(c).id, { unreadOnly: unread, after, limit }));
  });

  app.get('/unread-count', async (c) => {
    return c.json({ unread: await countUnread(ctx.db, currentUser(c).id) });
  });

  app.post('/read-all', async (c) => {
    return c.json({ marked: await markAllRead(ctx.db, currentUser(c).id) });
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, idPath);
    const row = await findInboxNotification(ctx.db, currentUser(c).id, id);
    if (!row) throw notFound('Notification');
    return c.json({ notification: notificationView(row) });
  });

  app.post('/:id/read', async (c) => {
    const { id } = pathParams(c, idPath);
    const row = await markRead(ctx.db, currentUser(c).id, id);
    if (!row) throw notFound('Notification');
    return c.json({ notification: notificationView(row) });
  });

  app.delete('/:id', async (c) => {
    const { id } = pathParams(c, idPath);
    if (!(await deleteNotification(ctx.db, currentUser(c).id, id))) throw notFound('Notification');
    return c.body(null, 204);
  });

  return app;
}
