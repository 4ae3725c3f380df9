import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { MemoryContext, MemoryEnv } from '../deps.ts';
import {
  deleteAllMemories,
  deleteMemory,
  findMemory,
  listMemories,
  personal,
  saveMemory,
  updateMemory,
} from '../memory-repository.ts';
import { memoryView } from '../views.ts';
import { listQuery, memoryInput, memoryPath } from '../wire-schemas.ts';

export const fullError = (limit: number, what: string) =>
  new ApiError('conflict', `${what} holds ${limit} memories, the most allowed; delete some first`, {
    details: { limit },
  });

export const duplicateError = (existingId: string) =>
  new ApiError('conflict', 'Another memory already says the same', { details: { existingId } });

/** The signed-in user's own memories. Another user's memory is 404, exactly like a missing one. */
export function memoryRoutes(ctx: MemoryContext): Hono<MemoryEnv> {
  const app = new Hono<MemoryEnv>();

  app.get('/', async (c) => {
    const { q } = queryParams(c, listQuery);
    const memories = await listMemories(ctx.db, personal(currentUser(c).id), q);
    return c.json({ memories: memories.map(memoryView) });
  });

  app.post('/', async (c) => {
    const { text } = await jsonBody(c, memoryInput);
    const user = currentUser(c);
    const result = await saveMemory(
      ctx,
      personal(user.id),
      { text, createdBy: user.id, source: 'user', threadId: null },
      ctx.config.MEMORY_MAX_PER_USER,
    );
    if (result.outcome === 'full') throw fullError(result.limit, 'Your memory');
    return c.json({ memory: memoryView(result.memory) }, result.outcome === 'created' ? 201 : 200);
  });

  /** Forget everything. */
  app.delete('/', async (c) => {
    await deleteAllMemories(ctx.db, personal(currentUser(c).id));
    return c.body(null, 204);
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, memoryPath);
    const memory = await findMemory(ctx.db, personal(currentUser(c).id), id);
    if (!memory) throw notFound('Memory');
    return c.json({ memory: memoryView(memory) });
  });

  app.patch('/:id', async (c) => {
    const { id } = pathParams(c, memoryPath);
    const { text } = await jsonBody(c, memoryInput);
    const result = await updateMemory(ctx, personal(currentUser(c).id), id, text);
    if (result.outcome === 'not_found') throw notFound('Memory');
    if (result.outcome === 'duplicate') throw duplicateError(result.existingId);
    return c.json({ memory: memoryView(result.memory) });
  });

  app.delete('/:id', async (c) => {
    const { id } = pathParams(c, memoryPath);
    if (!(await deleteMemory(ctx.db, personal(currentUser(c).id), id))) throw notFound('Memory');
    return c.body(null, 204);
  });

  return app;
}
