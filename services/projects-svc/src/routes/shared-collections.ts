import { notFound } from '@perplexica/errors';
import { Hono } from 'hono';
import { findSharedCollection } from '../collections/collection-repository.ts';
import type { ProjectsContext, ProjectsEnv } from '../deps.ts';
import { isShareIdShape, sharedThreadPath } from '../share-ids.ts';

/**
 * Shared collections, for anyone holding the link; read-only. Malformed, unknown and revoked
 * links are the same 404. The view names the threads (titles from library-svc) and links those
 * that are shared themselves; it says nothing about who made it or the ids behind it.
 */
export function sharedCollectionRoutes(ctx: ProjectsContext): Hono<ProjectsEnv> {
  const app = new Hono<ProjectsEnv>();
  app.get('/:shareId', async (c) => {
    const shareId = c.req.param('shareId');
    const found = isShareIdShape(shareId) ? await findSharedCollection(ctx.db, shareId) : undefined;
    if (!found) throw notFound('Shared collection');
    const { collection, threadIds } = found;
    const threads =
      threadIds.length > 0 ? await ctx.library.lookupThreads(collection.user_id, threadIds) : [];
    const byId = new Map(threads.map((thread) => [thread.id, thread]));
    // Revoking must take effect at once, so shared copies are never cached by a proxy or browser.
    c.header('cache-control', 'no-store');
    return c.json({
      collection: { name: collection.name, description: collection.description },
      // In the collection's order; threads deleted from the library since are left out.
      threads: threadIds.flatMap((id) => {
        const thread = byId.get(id);
        if (!thread) return [];
        return [
          { title: thread.title, sharedPath: thread.shareId ? sharedThreadPath(thread.shareId) : null },
        ];
      }),
    });
  });
  return app;
}
