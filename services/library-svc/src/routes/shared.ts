import { notFound } from '@perplexica/errors';
import { Hono } from 'hono';
import type { LibraryContext, LibraryEnv } from '../deps.ts';
import { listMessages } from '../message-repository.ts';
import { isShareIdShape } from '../share-ids.ts';
import { findSharedThread } from '../thread-repository.ts';
import { sharedThreadView } from '../views.ts';

/**
 * Shared threads, for anyone holding the link; read-only. A link that is malformed, unknown or
 * revoked is the same 404: there is nothing to tell apart for someone guessing.
 */
export function sharedRoutes(ctx: LibraryContext): Hono<LibraryEnv> {
  const app = new Hono<LibraryEnv>();
  app.get('/:shareId', async (c) => {
    const shareId = c.req.param('shareId');
    const thread = isShareIdShape(shareId) ? await findSharedThread(ctx.db, shareId) : undefined;
    if (!thread) throw notFound('Shared thread');
    const messages = await listMessages(ctx.db, thread.id);
    // Revoking must take effect at once, so shared copies are never cached by a proxy or browser.
    c.header('cache-control', 'no-store');
    return c.json(sharedThreadView(thread, messages));
  });
  return app;
}
