import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { User } from './db/schema.ts';
import type { AuthContext } from './deps.ts';
import { startSession } from './sessions.ts';
import { userView } from './users.ts';

export const REFRESH_COOKIE = 'perplexica_refresh';
/** The refresh cookie is only ever sent to the auth endpoints that read it. */
const REFRESH_COOKIE_PATH = '/api/v1/auth';

export function setRefreshCookie(c: Context, ctx: AuthContext, refreshToken: string, expiresAt: Date): void {
  setCookie(c, REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    secure: ctx.config.COOKIE_SECURE,
    sameSite: 'Strict',
    path: REFRESH_COOKIE_PATH,
    expires: expiresAt,
  });
}

export function clearRefreshCookie(c: Context, ctx: AuthContext): void {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: ctx.config.COOKIE_SECURE });
}

/** The body of every successful sign-in or refresh. */
export async function tokenPair(
  ctx: AuthContext,
  user: User,
  sessionId: string,
  refreshToken: string,
  refreshExpiresAt: Date,
) {
  const access = await ctx.accessTokens.issue({
    userId: user.id,
    orgId: user.org_id,
    orgRole: user.org_id ? (user.org_role ?? 'member') : null,
    role: user.role,
    sessionId,
  });
  return {
    user: userView(user),
    tokenType: 'Bearer' as const,
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken,
    refreshExpiresAt: refreshExpiresAt.toISOString(),
  };
}

/**
 * Starts a session for a user who just proved who they are (password or SSO): the response
 * body, and the session's id for the audit event.
 */
export async function signIn(c: Context, ctx: AuthContext, user: User) {
  const session = await startSession(ctx.db, {
    userId: user.id,
    userAgent: c.req.header('user-agent') ?? null,
    ttlDays: ctx.config.REFRESH_TOKEN_TTL_DAYS,
  });
  setRefreshCookie(c, ctx, session.refreshToken, session.expiresAt);
  const body = await tokenPair(ctx, user, session.sessionId, session.refreshToken, session.expiresAt);
  return { sessionId: session.sessionId, body };
}
