import { type AuthUser, currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { MemoryContext, MemoryEnv } from '../deps.ts';
import {
  deleteMemory,
  findMemory,
  listMemories,
  orgFacts,
  saveMemory,
  updateMemory,
} from '../memory-repository.ts';
import { orgDefault, setOrgDefault } from '../settings-repository.ts';
import { orgFactView } from '../views.ts';
import { memoryInput, memoryPath, orgSettingsInput } from '../wire-schemas.ts';
import { duplicateError, fullError } from './memories.ts';

/** The caller's organization; a user without one has no org memory to see (404). */
function orgOf(user: AuthUser): string {
  if (!user.orgId) throw notFound('Organization');
  return user.orgId;
}

/** Members read; the org's owner and global admins write (403 for other members). */
function managedOrg(user: AuthUser): string {
  const orgId = orgOf(user);
  if (user.orgRole !== 'owner' && user.role !== 'admin') {
    throw new ApiError('forbidden', "Only the organization's owner or an admin can change org memory");
  }
  return orgId;
}

/**
 * Enterprise memory: facts every member's answers may draw on, and the org's default for members
 * who never chose. Always the caller's own organization: another org's fact is 404.
 */
export function orgRoutes(ctx: MemoryContext): Hono<MemoryEnv> {
  const app = new Hono<MemoryEnv>();

  app.get('/settings', async (c) => {
    return c.json(await orgDefault(ctx.db, ctx.config, orgOf(currentUser(c))));
  });

  app.put('/settings', async (c) => {
    const user = currentUser(c);
    const orgId = managedOrg(user);
    const { defaultEnabled } = await jsonBody(c, orgSettingsInput);
    await setOrgDefault(ctx.db, orgId, defaultEnabled, user.id);
    return c.json(await orgDefault(ctx.db, ctx.config, orgId));
  });

  app.get('/', async (c) => {
    const facts = await listMemories(ctx.db, orgFacts(orgOf(currentUser(c))));
    return c.json({ memories: facts.map(orgFactView) });
  });

  app.post('/', async (c) => {
    const user = currentUser(c);
    const orgId = managedOrg(user);
    const { text } = await jsonBody(c, memoryInput);
    const result = await saveMemory(
      ctx,
      orgFacts(orgId),
      { text, createdBy: user.id, source: 'user', threadId: null },
      ctx.config.MEMORY_MAX_PER_ORG,
    );
    if (result.outcome === 'full') throw fullError(result.limit, "The organization's memory");
    return c.json({ memory: orgFactView(result.memory) }, result.outcome === 'created' ? 201 : 200);
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, memoryPath);
    const fact = await findMemory(ctx.db, orgFacts(orgOf(currentUser(c))), id);
    if (!fact) throw notFound('Memory');
    return c.json({ memory: orgFactView(fact) });
  });

  app.patch('/:id', async (c) => {
    const orgId = managedOrg(currentUser(c));
    const { id } = pathParams(c, memoryPath);
    const { text } = await jsonBody(c, memoryInput);
    const result = await updateMemory(ctx, orgFacts(orgId), id, text);
    if (result.outcome === 'not_found') throw notFound('Memory');
    if (result.outcome === 'duplicate') throw duplicateError(result.existingId);
    return c.json({ memory: orgFactView(result.memory) });
  });

  app.delete('/:id', async (c) => {
    const orgId = managedOrg(currentUser(c));
    const { id } = pathParams(c, memoryPath);
    if (!(await deleteMemory(ctx.db, orgFacts(orgId), id))) throw notFound('Memory');
    return c.body(null, 204);
  });

  return app;
}
