import { currentUser } from '@perplexica/auth-kit';
import { notFound } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import { auditCallerAction } from '../audit.ts';
import { decodeCursor } from '../cursor.ts';
import type { LibraryContext, LibraryEnv } from '../deps.ts';
import { listMessages } from '../message-repository.ts';
import { sharedThreadPath } from '../share-ids.ts';
import {
  deleteThread,
  findOwnedThread,
  listThreads,
  shareThread,
  unshareThread,
  updateThread,
} from '../thread-repository.ts';
import { messageView, threadView } from '../views.ts';
import { listQuery, publicThreadPath, threadPatch } from '../wire-schemas.ts';

/** The signed-in user's library. Everything is scoped to the caller: another user's thread is 404. */
export function threadRoutes(ctx: LibraryContext): Hono<LibraryEnv> {
  const app = new Hono<LibraryEnv>();

  app.get('/', async (c) => {
    const query = queryParams(c, listQuery);
    const page = await listThreads(ctx.db, currentUser(c).id, {
      limit: query.limit,
      cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      q: query.q,
      saved: query.saved === undefined ? undefined : query.saved === 'true',
      spaceId: query.spaceId,
    });
    return c.json({ threads: page.threads.map(threadView), nextCursor: page.nextCursor });
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, publicThreadPath);
    const thread = await findOwnedThread(ctx.db, id, currentUser(c).id);
    if (!thread) throw notFound('Thread');
    const messages = await listMessages(ctx.db, id);
    return c.json({ thread: threadView(thread), messages: messages.map(messageView) });
  });

  app.patch('/:id', async (c) => {
    const { id } = pathParams(c, publicThreadPath);
    const patch = await jsonBody(c, threadPatch);
    const thread = await updateThread(ctx.db, id, currentUser(c).id, patch);
    if (!thread) throw notFound('Thread');
    return c.json({ thread: threadView(thread) });
  });

  app.delete('/:id', async (c) => {
    const { id } = pathParams(c, publicThreadPath);
    if (!(await deleteThread(ctx.db, id, currentUser(c).id))) throw notFound('Thread');
    auditCallerAction(c, ctx, { action: 'thread.delete', target: { type: 'thread', id } });
    return c.body(null, 204);
  });

  app.post('/:id/share', async (c) => {
    const { id } = pathParams(c, publicThreadPath);
    const shared = await shareThread(ctx.db, id, currentUser(c).id);
    if (!shared) throw notFound('Thread');
    // Sharing an already shared thread returns the same link: only a new link is an event.
    if (shared.created) {
      auditCallerAction(c, ctx, {
        action: 'thread.share',
        target: { type: 'thread', id },
        details: { shareId: shared.shareId },
      });
    }
    return c.json(
      { shareId: shared.shareId, path: sharedThreadPath(shared.shareId) },
      shared.created ? 201 : 200,
    );
  });

  app.delete('/:id/share', async (c) => {
    const { id } = pathParams(c, publicThreadPath);
    if (!(await unshareThread(ctx.db, id, currentUser(c).id))) throw notFound('Thread');
    auditCallerAction(c, ctx, { action: 'thread.unshare', target: { type: 'thread', id } });
    return c.body(null, 204);
  });

  return app;
}
