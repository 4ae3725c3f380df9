import { auditEvent } from '@perplexica/audit';
import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import { appendEvent } from '../append-event.ts';
import type { AuditContext, AuditEnv } from '../deps.ts';

/** Calls from our other services only (x-service-token); invisible (404) to everyone else. */
export function internalRoutes(ctx: AuditContext): Hono<AuditEnv> {
  const app = new Hono<AuditEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  /**
   * The synchronous path, for a caller that must know the event is stored before it answers
   * (or a tool replaying events): the same complete event the queue carries, stored once.
   * 201 when stored now, 200 when that eventId was already stored.
   */
  app.post('/audit-events', async (c) => {
    const event = await jsonBody(c, auditEvent);
    const outcome = await appendEvent(ctx.db, event);
    return outcome.stored
      ? c.json({ eventId: event.eventId, stored: true, seq: outcome.seq }, 201)
      : c.json({ eventId: event.eventId, stored: false, reason: outcome.reason }, 200);
  });

  return app;
}
