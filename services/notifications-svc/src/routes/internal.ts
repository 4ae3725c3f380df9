import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { NotificationsContext, NotificationsEnv } from '../deps.ts';
import { ingestNotification } from '../ingest-notification.ts';
import { notifyInput } from '../wire-schemas.ts';

/** Calls from our other services only (x-service-token); invisible (404) to everyone else. */
export function internalRoutes(ctx: NotificationsContext): Hono<NotificationsEnv> {
  const app = new Hono<NotificationsEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  /**
   * Notify a user (chat-svc's Tasks, billing-svc, auth-svc): 202 once stored and queued, with the
   * notification's id; the same eventId for the same user again answers duplicate: true.
   */
  app.post('/notifications', async (c) => {
    const input = await jsonBody(c, notifyInput);
    return c.json(await ingestNotification(ctx, input), 202);
  });

  return app;
}
