import { API_KEY_REVOKED_CHANNEL, apiKeyScopes, currentUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys.ts';
import { audit } from '../audit.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';

const createKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

const keyParams = z.object({ keyId: z.uuid() });

/** API keys for programmatic use, managed from a signed-in session. */
export function apiKeyRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  // Only a session may mint or revoke keys: a leaked key must not be able to breed new ones.
  app.use('*', async (c, next) => {
    if (currentUser(c).via !== 'session')
      throw new ApiError('forbidden', 'Manage API keys from a signed-in session');
    await next();
  });

  app.post('/', async (c) => {
    const body = await jsonBody(c, createKeyBody);
    const user = currentUser(c);
    const created = await createApiKey(ctx.db, { userId: user.id, ...body });
    audit(c, ctx, {
      actor: { id: user.id, type: 'user' },
      orgId: user.orgId,
      action: 'api_key.create',
      target: { type: 'api_key', id: created.id },
      outcome: 'success',
      details: { name: created.name, scopes: created.scopes, expiresAt: created.expiresAt },
    });
    return c.json(created, 201);
  });

  app.get('/', async (c) => c.json({ apiKeys: await listApiKeys(ctx.db, currentUser(c).id) }));

  app.delete('/:keyId', async (c) => {
    const { keyId } = pathParams(c, keyParams);
    const user = currentUser(c);
    const revoked = await revokeApiKey(ctx.db, user.id, keyId);
    audit(c, ctx, {
      actor: { id: user.id, type: 'user' },
      orgId: user.orgId,
      action: 'api_key.revoke',
      target: { type: 'api_key', id: keyId },
      outcome: 'success',
      details: { name: revoked.name },
    });
    // Services cache a key's verdict for a while; this tells them to forget it now. If Redis is
    // down the caches still expire on their own (at most 30 s).
    await ctx.redis.publish(API_KEY_REVOKED_CHANNEL, keyId).catch((error: unknown) => {
      c.get('logger').warn({ err: error }, 'could not announce an API key revocation');
    });
    return c.json(revoked);
  });

  return app;
}
