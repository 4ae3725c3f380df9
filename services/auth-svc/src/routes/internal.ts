import { ApiError } from '@perplexica/errors';
import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import { verifyApiKey } from '../api-keys.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';

const verifyBody = z.object({ key: z.string().min(1).max(200) });

/** Calls from our other services only (x-service-token); invisible to everyone else. */
export function internalRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));
  app.post('/api-keys/verify', async (c) => {
    const { key } = await jsonBody(c, verifyBody);
    const user = await verifyApiKey(ctx.db, key);
    if (!user) throw new ApiError('invalid_token', 'API key is invalid, expired or revoked');
    return c.json({ user });
  });
  return app;
}
