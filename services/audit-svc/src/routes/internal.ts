import { auditEvent } from '@perplexica/audit';
import { jsonBody, pathParams, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import { appendEvent } from '../append-event.ts';
import type { AuditContext, AuditEnv } from '../deps.ts';
import { readOrgSettings } from '../org-settings.ts';

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

  // What emitters must leave out of their events, asked before they emit (chat-svc: question text).
  app.get('/org-settings/:orgId', async (c) => {
    const { orgId } = pathParams(c, z.object({ orgId: z.string().min(1).max(200) }));
    return c.json({ settings: await readOrgSettings(ctx.db, orgId) });
  });

  return app;
}
