import { currentUser, roles } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';
import { revokeSession } from '../sessions.ts';
import { userView } from '../users.ts';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  email: z.string().trim().toLowerCase().max(254).optional(),
});
const userParams = z.object({ userId: z.uuid() });
const roleBody = z.object({ role: z.enum(roles) });

/** User administration; mounted behind requireRole('admin'). */
export function adminRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/users', async (c) => {
    const { limit, offset, email } = queryParams(c, listQuery);
    let query = ctx.db
      .selectFrom('users')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .offset(offset);
    if (email) query = query.where('email', 'like', `%${email.replace(/[\\%_]/g, '\\$&')}%`);
    const users = await query.execute();
    return c.json({ users: users.map(userView), limit, offset });
  });

  app.patch('/users/:userId', async (c) => {
    const { userId } = pathParams(c, userParams);
    const { role } = await jsonBody(c, roleBody);
    if (userId === currentUser(c).id && role !== 'admin') {
      throw new ApiError('conflict', 'Admins cannot demote themselves; ask another admin');
    }
    const before = await ctx.db
      .selectFrom('users')
      .select('role')
      .where('id', '=', userId)
      .executeTakeFirst();
    const user = await ctx.db
      .updateTable('users')
      .set({ role })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    if (!user) throw new ApiError('not_found', 'User not found');
    const admin = currentUser(c);
    // In the changed user's org: that org's admins learn who was made (or unmade) platform admin.
    audit(c, ctx, {
      actor: { id: admin.id, type: 'user' },
      orgId: user.org_id,
      action: 'admin.role_change',
      target: { type: 'user', id: user.id },
      outcome: 'success',
      details: { role: { from: before?.role ?? null, to: role } },
    });
    // A role change takes effect at once: end the user's sessions so old tokens are not refreshed.
    const sessions = await ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    for (const session of sessions) await revokeSession(ctx.db, session.id, 'role_changed');
    return c.json(userView(user));
  });

  return app;
}
