import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { Hono } from 'hono';
import { auditCallerAction } from '../audit.ts';
import {
  addThread,
  createCollection,
  deleteCollection,
  findOwnedCollection,
  listCollections,
  removeThread,
  reorderThreads,
  shareCollection,
  unshareCollection,
  updateCollection,
  withThreads,
} from '../collections/collection-repository.ts';
import type { ProjectsContext, ProjectsEnv } from '../deps.ts';
import { sharedCollectionPath } from '../share-ids.ts';
import { collectionView } from '../views.ts';
import {
  addThreadInput,
  collectionInput,
  collectionPatch,
  collectionPath,
  collectionThreadPath,
  limits,
  orderInput,
} from '../wire-schemas.ts';

/**
 * A user's collections of threads. Everything is scoped to the caller: another user's collection
 * is 404, and only the caller's own threads (checked with library-svc) can be added.
 */
export function collectionRoutes(ctx: ProjectsContext): Hono<ProjectsEnv> {
  const app = new Hono<ProjectsEnv>();

  const owned = async (id: string, userId: string) => {
    const collection = await findOwnedCollection(ctx.db, id, userId);
    if (!collection) throw notFound('Collection');
    return collection;
  };
  const view = async (collection: Parameters<typeof withThreads>[1]) => {
    const { threadIds } = await withThreads(ctx.db, collection);
    return collectionView(collection, threadIds);
  };

  app.post('/', async (c) => {
    const input = await jsonBody(c, collectionInput);
    const collection = await createCollection(ctx.db, currentUser(c).id, input);
    return c.json({ collection: collectionView(collection, []) }, 201);
  });

  app.get('/', async (c) => {
    const collections = await listCollections(ctx.db, currentUser(c).id);
    return c.json({
      collections: collections.map(({ collection, threadIds }) => collectionView(collection, threadIds)),
    });
  });

  // With each thread's title (from library-svc), in the collection's order; a thread deleted from
  // the library since has `title: null`, so the page can say so.
  app.get('/:id', async (c) => {
    const { id } = pathParams(c, collectionPath);
    const user = currentUser(c);
    const collection = await view(await owned(id, user.id));
    const found = collection.threadIds.length
      ? await ctx.library.lookupThreads(user.id, collection.threadIds)
      : [];
    const byId = new Map(found.map((thread) => [thread.id, thread]));
    const threads = collection.threadIds.map((threadId) => {
      const thread = byId.get(threadId);
      return { id: threadId, title: thread?.title ?? null, updatedAt: thread?.updatedAt ?? null };
    });
    return c.json({ collection, threads });
  });

  app.patch('/:id', async (c) => {
    const { id } = pathParams(c, collectionPath);
    const patch = await jsonBody(c, collectionPatch);
    const collection = await updateCollection(ctx.db, id, currentUser(c).id, patch);
    if (!collection) throw notFound('Collection');
    return c.json({ collection: await view(collection) });
  });

  app.delete('/:id', async (c) => {
    const { id } = pathParams(c, collectionPath);
    if (!(await deleteCollection(ctx.db, id, currentUser(c).id))) throw notFound('Collection');
    return c.body(null, 204);
  });

  app.post('/:id/threads', async (c) => {
    const { id } = pathParams(c, collectionPath);
    const user = currentUser(c);
    await owned(id, user.id);
    const { threadId } = await jsonBody(c, addThreadInput);
    const [thread] = await ctx.library.lookupThreads(user.id, [threadId]);
    if (!thread) throw notFound('Thread');
    const outcome = await addThread(ctx.db, id, threadId, limits.threadsPerCollection);
    if (outcome === 'full') {
      throw new ApiError('conflict', `A collection holds at most ${limits.threadsPerCollection} threads`);
    }
    return c.json({ collection: await view(await owned(id, user.id)) }, outcome === 'added' ? 201 : 200);
  });

  app.delete('/:id/threads/:threadId', async (c) => {
    const { id, threadId } = pathParams(c, collectionThreadPath);
    await owned(id, currentUser(c).id);
    if (!(await removeThread(ctx.db, id, threadId))) throw notFound('Thread in this collection');
    return c.body(null, 204);
  });

  app.put('/:id/order', async (c) => {
    const { id } = pathParams(c, collectionPath);
    const user = currentUser(c);
    await owned(id, user.id);
    const { threadIds } = await jsonBody(c, orderInput);
    if (!(await reorderThreads(ctx.db, id, threadIds))) {
      throw new ApiError(
        'validation_failed',
        "body.threadIds: must list exactly the collection's threads, each once, in the new order",
        {
          details: [
            {
              path: 'body.threadIds',
              message: "must list exactly the collection's threads, each once",
              code: 'not_a_permutation',
            },
          ],
        },
      );
    }
    return c.json({ collection: await view(await owned(id, user.id)) });
  });

  app.post('/:id/share', async (c) => {
    const { id } = pathParams(c, collectionPath);
    const shared = await shareCollection(ctx.db, id, currentUser(c).id);
    if (!shared) throw notFound('Collection');
    // Sharing an already shared collection returns the same link: only a new link is an event.
    if (shared.created) {
      auditCallerAction(c, ctx, {
        action: 'collection.share',
        target: { type: 'collection', id },
        details: { shareId: shared.shareId },
      });
    }
    return c.json(
      { shareId: shared.shareId, path: sharedCollectionPath(shared.shareId) },
      shared.created ? 201 : 200,
    );
  });

  app.delete('/:id/share', async (c) => {
    const { id } = pathParams(c, collectionPath);
    if (!(await unshareCollection(ctx.db, id, currentUser(c).id))) throw notFound('Collection');
    auditCallerAction(c, ctx, { action: 'collection.unshare', target: { type: 'collection', id } });
    return c.body(null, 204);
  });

  return app;
}
