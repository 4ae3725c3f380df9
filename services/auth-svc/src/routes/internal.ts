import { ApiError } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import { recordApiKeyUse } from '../api-key-use.ts';
import { verifyApiKey } from '../api-keys.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';
import { findUserByEmail, findUserById, normalizeEmail } from '../users.ts';

const verifyBody = z.object({ key: z.string().min(1).max(200) });
const lookupQuery = z.object({ email: z.email().max(254) });
const userParams = z.object({ id: z.uuid() });

/** Calls from our other services only (x-service-token); invisible to everyone else. */
export function internalRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));
  app.post('/api-keys/verify', async (c) => {
    const { key } = await jsonBody(c, verifyBody);
    const user = await verifyApiKey(ctx.db, key, (used) =>
      recordApiKeyUse(ctx, used, c.get('requestId') ?? null),
    );
    if (!user) throw new ApiError('invalid_token', 'API key is invalid, expired or revoked');
    return c.json({ user });
  });
  // Other services name people by email (a Space's members); they get the id, nothing more.
  app.get('/users/by-email', async (c) => {
    const { email } = queryParams(c, lookupQuery);
    const user = await findUserByEmail(ctx.db, normalizeEmail(email));
    if (!user) throw new ApiError('not_found', 'No account with this email');
    return c.json({ user: { id: user.id, email: user.email, orgId: user.org_id } });
  });
  // notifications-svc needs where to email a user it only knows by id: the address, nothing more.
  app.get('/users/:id', async (c) => {
    const { id } = pathParams(c, userParams);
    const user = await findUserById(ctx.db, id);
    if (!user) throw new ApiError('not_found', 'No account with this id');
    return c.json({ user: { id: user.id, email: user.email, orgId: user.org_id } });
  });
  return app;
}
