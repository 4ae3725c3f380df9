import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import {
  createConnector,
  deleteConnector,
  findConnector,
  listConnectors,
  updateConnector,
} from '../connectors/connector-repository.ts';
import { connectorTypes } from '../connectors/registry.ts';
import type { SpaceRole } from '../db/schema.ts';
import type { ProjectsContext, ProjectsEnv } from '../deps.ts';
import { requireSpaceRole } from '../spaces/space-access.ts';
import type { Caller } from '../spaces/space-repository.ts';
import { connectorView } from '../views.ts';
import {
  connectorInput,
  connectorListQuery,
  connectorPatch,
  connectorPath,
  limits,
} from '../wire-schemas.ts';

const connectorBody = connectorInput(connectorTypes);

/** "docs.example.com/handbook" for https://docs.example.com/handbook/: a name until the user gives one. */
function defaultName(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.hostname}${path}`.slice(0, limits.nameChars);
}

/**
 * Connectors of a space: members see them, editors and the owner create, change, delete and sync
 * them. A connector of a space the caller cannot see is 404.
 */
export function connectorRoutes(ctx: ProjectsContext): Hono<ProjectsEnv> {
  const app = new Hono<ProjectsEnv>();

  const connectorFor = async (id: string, caller: Caller, needed: SpaceRole) => {
    const connector = await findConnector(ctx.db, id);
    if (!connector) throw notFound('Connector');
    try {
      await requireSpaceRole(ctx.db, connector.space_id, caller, needed);
    } catch (error) {
      // Not a member of its space: the connector does not exist for this caller.
      if (error instanceof ApiError && error.code === 'not_found') throw notFound('Connector');
      throw error;
    }
    return connector;
  };

  app.post('/', async (c) => {
    const user = currentUser(c);
    const input = await jsonBody(c, connectorBody);
    await requireSpaceRole(ctx.db, input.spaceId, user, 'editor');
    const created = await createConnector(
      ctx.db,
      {
        spaceId: input.spaceId,
        type: input.type,
        url: input.url,
        name: input.name ?? defaultName(input.url),
        intervalMinutes: input.schedule.intervalMinutes,
        enabled: input.enabled,
        createdBy: user.id,
      },
      ctx.config.CONNECTORS_PER_SPACE,
    );
    if (created === 'full') {
      throw new ApiError('conflict', `A space has at most ${ctx.config.CONNECTORS_PER_SPACE} connectors`);
    }
    try {
      await ctx.syncs.schedule({
        id: created.id,
        intervalMinutes: created.interval_minutes,
        enabled: created.enabled,
      });
      // A new source is read at once, not one interval from now.
      if (created.enabled) await ctx.syncs.syncNow(created.id);
    } catch (error) {
      // Without its schedule the connector would silently never sync: keep nothing.
      await deleteConnector(ctx.db, created.id);
      await ctx.syncs.unschedule(created.id).catch(() => {});
      throw error;
    }
    return c.json({ connector: connectorView(created) }, 201);
  });

  app.get('/', async (c) => {
    const { spaceId } = queryParams(c, connectorListQuery);
    await requireSpaceRole(ctx.db, spaceId, currentUser(c), 'viewer');
    return c.json({ connectors: (await listConnectors(ctx.db, spaceId)).map(connectorView) });
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, connectorPath);
    return c.json({ connector: connectorView(await connectorFor(id, currentUser(c), 'viewer')) });
  });

  app.patch('/:id', async (c) => {
    const { id } = pathParams(c, connectorPath);
    const user = currentUser(c);
    const before = await connectorFor(id, user, 'editor');
    const patch = await jsonBody(c, connectorPatch);
    const connector = await updateConnector(ctx.db, id, {
      url: patch.url,
      name: patch.name,
      intervalMinutes: patch.schedule?.intervalMinutes,
      enabled: patch.enabled,
    });
    if (!connector) throw notFound('Connector');
    if (patch.schedule !== undefined || patch.enabled !== undefined) {
      await ctx.syncs.schedule({
        id,
        intervalMinutes: connector.interval_minutes,
        enabled: connector.enabled,
      });
    }
    const reenabled = connector.enabled && !before.enabled;
    const moved = connector.enabled && patch.url !== undefined && patch.url !== before.url;
    if (reenabled || moved) await ctx.syncs.syncNow(id);
    return c.json({ connector: connectorView(connector) });
  });

  app.delete('/:id', async (c) => {
    const { id } = pathParams(c, connectorPath);
    const connector = await connectorFor(id, currentUser(c), 'editor');
    await ctx.syncs.unschedule(id);
    const sourceKeys = await deleteConnector(ctx.db, id);
    if (!sourceKeys) throw notFound('Connector');
    // Its documents leave the space too, in the background (one upload-svc call per document).
    await ctx.syncs.purge({ connectorId: id, spaceId: connector.space_id, sourceKeys });
    return c.body(null, 204);
  });

  app.post('/:id/sync', async (c) => {
    const { id } = pathParams(c, connectorPath);
    const connector = await connectorFor(id, currentUser(c), 'editor');
    await ctx.syncs.syncNow(id);
    return c.json({ connector: connectorView(connector) }, 202);
  });

  return app;
}
