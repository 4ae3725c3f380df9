import { currentUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import { Hono } from 'hono';
import type { AuthContext, AuthEnv } from '../deps.ts';
import { findUserById, userView } from '../users.ts';

/** GET /me: who the token belongs to. Checked against the database, so it also proves the session is live. */
export function meRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/me', async (c) => {
    const caller = currentUser(c);
    if (caller.sessionId) {
      const session = await ctx.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('id', '=', caller.sessionId)
        .executeTakeFirst();
      if (!session || session.revoked_at)
        throw new ApiError('invalid_token', 'This session has ended; sign in again');
    }
    const user = await findUserById(ctx.db, caller.id);
    if (!user) throw new ApiError('invalid_token', 'The account behind this token no longer exists');
    const org = user.org_id
      ? await ctx.db
          .selectFrom('orgs')
          .select(['id', 'name'])
          .where('id', '=', user.org_id)
          .executeTakeFirst()
      : undefined;
    return c.json({
      user: userView(user),
      org: org ?? null,
      auth: {
        via: caller.via,
        scopes: caller.scopes,
        sessionId: caller.sessionId ?? null,
        apiKeyId: caller.apiKeyId ?? null,
      },
    });
  });
  return app;
}
