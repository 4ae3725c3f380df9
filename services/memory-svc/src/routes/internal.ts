import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { MemoryContext, MemoryEnv } from '../deps.ts';
import { enqueueExtraction } from '../extraction/queue.ts';
import { recallMemories } from '../recall.ts';
import { resolveSetting } from '../settings-repository.ts';
import { extractInput, recallInput } from '../wire-schemas.ts';

/**
 * chat-svc's side (x-service-token; 404 to anyone else): recall before answering, extract after.
 * The user and org ids come in the body; chat-svc has authenticated the user.
 */
export function internalRoutes(ctx: MemoryContext): Hono<MemoryEnv> {
  const app = new Hono<MemoryEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  app.post('/recall', async (c) => {
    const input = await jsonBody(c, recallInput);
    return c.json(await recallMemories(ctx, input));
  });

  app.post('/extract', async (c) => {
    const { userId, orgId, threadId, question } = await jsonBody(c, extractInput);
    const { enabled } = await resolveSetting(ctx.db, ctx.config, userId, orgId);
    if (!enabled) return c.json({ queued: false }, 202);
    await enqueueExtraction(ctx.queue, ctx.config, { userId, orgId, threadId, question });
    return c.json({ queued: true }, 202);
  });

  return app;
}
