import { randomUUID } from 'node:crypto';
import { auditEventInput, completeEvent } from '@perplexica/audit';
import { auditRequestFields } from '@perplexica/audit/http';
import { currentUser } from '@perplexica/auth-kit';
import { jsonBody, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import { appendEvent } from '../append-event.ts';
import type { AuditContext, AuditEnv } from '../deps.ts';
import { exportStream } from '../export/export-stream.ts';
import { adminOrgKey } from '../org-admin.ts';
import { orgSettingsBody, readOrgSettings, saveOrgSettings } from '../org-settings.ts';
import { decodeCursor } from '../query/cursor.ts';
import { listEvents } from '../query/list-events.ts';
import { auditLogQuery, exportQuery } from '../query/wire-schemas.ts';
import { verifyChain } from '../verify-chain.ts';

const contentTypes = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

/** The org admin's audit log: list, export and verify, always of the caller's own org. */
export function auditLogRoutes(ctx: AuditContext): Hono<AuditEnv> {
  const app = new Hono<AuditEnv>();

  // Who may look comes before what they ask: a non-admin gets 404 even for a malformed query.
  app.use('*', async (c, next) => {
    adminOrgKey(currentUser(c));
    await next();
  });

  app.get('/', async (c) => {
    const orgKey = adminOrgKey(currentUser(c));
    const { cursor, limit, ...filters } = queryParams(c, auditLogQuery);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    return c.json(await listEvents(ctx.db, orgKey, filters, { after, limit }));
  });

  app.get('/export', (c) => {
    const orgKey = adminOrgKey(currentUser(c));
    const { format, ...filters } = queryParams(c, exportQuery);
    const day = new Date().toISOString().slice(0, 10);
    c.header('content-type', contentTypes[format]);
    c.header('content-disposition', `attachment; filename="audit-logs-${day}.${format}"`);
    c.header('cache-control', 'no-store');
    return c.body(
      exportStream({
        db: ctx.db,
        orgKey,
        filters,
        format,
        pageSize: ctx.config.AUDIT_EXPORT_PAGE_SIZE,
        logger: c.get('logger'),
      }),
    );
  });

  app.get('/settings', async (c) => {
    const user = currentUser(c);
    adminOrgKey(user);
    return c.json({ settings: await readOrgSettings(ctx.db, user.orgId as string) });
  });

  // A change of policy is itself an admin action in the org's log, stored before the answer.
  app.put('/settings', async (c) => {
    const user = currentUser(c);
    adminOrgKey(user);
    const orgId = user.orgId as string;
    const settings = await jsonBody(c, orgSettingsBody);
    const { before, after } = await saveOrgSettings(ctx.db, orgId, settings, user.id);
    const input = auditEventInput.parse({
      actor: { id: user.id, type: 'user' },
      orgId,
      action: 'audit.settings_change',
      target: { type: 'org', id: orgId },
      outcome: 'success',
      details: { from: before, to: after },
      ...auditRequestFields(c, ctx.config.TRUST_PROXY),
    });
    await appendEvent(ctx.db, completeEvent(input, 'audit-svc', randomUUID));
    return c.json({ settings: after });
  });

  app.get('/verify', async (c) => {
    const orgKey = adminOrgKey(currentUser(c));
    return c.json(await verifyChain(ctx.db, orgKey, ctx.config.AUDIT_EXPORT_PAGE_SIZE));
  });

  return app;
}
