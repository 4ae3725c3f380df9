import { notFound } from '@perplexica/errors';
import { pathParams, queryParams, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { ProjectsContext, ProjectsEnv } from '../deps.ts';
import { findSpaceFor } from '../spaces/space-repository.ts';
import { spaceView } from '../views.ts';
import { accessQuery, spacePath } from '../wire-schemas.ts';

/**
 * Calls from our other services only (x-service-token); invisible (404) to everyone else.
 * chat-svc and upload-svc ask here before using a space on a user's behalf.
 */
export function internalRoutes(ctx: ProjectsContext): Hono<ProjectsEnv> {
  const app = new Hono<ProjectsEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  app.get('/spaces/:id/access', async (c) => {
    const { id } = pathParams(c, spacePath);
    const { userId, orgId } = queryParams(c, accessQuery);
    const found = await findSpaceFor(ctx.db, id, { id: userId, orgId: orgId || null });
    if (!found) throw notFound('Space');
    return c.json({ space: spaceView(found.space, found.role), role: found.role });
  });

  return app;
}
