import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { LibraryContext, LibraryEnv } from '../deps.ts';
import { listMessages, saveMessage } from '../message-repository.ts';
import { createThreadIfAbsent, findOwnedThread, findOwnedThreads } from '../thread-repository.ts';
import { messageView, threadView } from '../views.ts';
import {
  lookupInput,
  messageInput,
  messagePath,
  ownerQuery,
  threadInput,
  threadPath,
} from '../wire-schemas.ts';

/**
 * chat-svc keeps threads here as it answers (x-service-token; 404 to anyone else). Every write is
 * an idempotent PUT, so a retried call changes nothing twice. The user id comes in the request,
 * and a thread of another user is answered exactly like a missing one.
 */
export function internalRoutes(ctx: LibraryContext): Hono<LibraryEnv> {
  const app = new Hono<LibraryEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  app.put('/threads/:threadId', async (c) => {
    const { threadId } = pathParams(c, threadPath);
    const input = await jsonBody(c, threadInput);
    const result = await createThreadIfAbsent(ctx.db, threadId, input);
    if (!result) throw notFound('Thread');
    return c.json({ thread: threadView(result.thread) }, result.created ? 201 : 200);
  });

  app.get('/threads/:threadId', async (c) => {
    const { threadId } = pathParams(c, threadPath);
    const { userId } = queryParams(c, ownerQuery);
    const thread = await findOwnedThread(ctx.db, threadId, userId);
    if (!thread) throw notFound('Thread');
    const messages = await listMessages(ctx.db, threadId);
    return c.json({ thread: threadView(thread), messages: messages.map(messageView) });
  });

  app.put('/threads/:threadId/messages/:messageId', async (c) => {
    const { threadId, messageId } = pathParams(c, messagePath);
    const input = await jsonBody(c, messageInput);
    const result = await saveMessage(ctx.db, threadId, messageId, input);
    if (result.outcome === 'thread_not_found') throw notFound('Thread');
    if (result.outcome === 'message_in_other_thread') {
      throw new ApiError('conflict', 'This message id is already used by another thread');
    }
    return c.json({ message: messageView(result.message) }, result.created ? 201 : 200);
  });

  app.post('/threads/lookup', async (c) => {
    const { userId, ids } = await jsonBody(c, lookupInput);
    const threads = await findOwnedThreads(ctx.db, userId, [...new Set(ids)]);
    return c.json({ threads: threads.map(threadView) });
  });

  return app;
}
