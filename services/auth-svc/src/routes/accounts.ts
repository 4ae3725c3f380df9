import { ApiError } from '@perplexica/errors';
import { clientIp, jsonBody } from '@perplexica/http';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';
import { assertStrongPassword, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from '../passwords.ts';
import {
  clearRefreshCookie,
  REFRESH_COOKIE,
  setRefreshCookie,
  signIn,
  tokenPair,
} from '../session-response.ts';
import { revokeSession, rotateRefreshToken, sessionOfRefreshToken } from '../sessions.ts';
import { createUser, findUserByEmail, findUserById, normalizeEmail, recordLogin } from '../users.ts';

const signUpBody = z.object({
  email: z.email().max(254),
  // Length rules are checked by assertStrongPassword so they answer weak_password, not a
  // generic validation error; the cap here only stops absurd bodies early.
  password: z
    .string()
    .min(1)
    .max(4 * MAX_PASSWORD_LENGTH),
});

const loginBody = z.object({
  email: z.string().trim().min(1).max(254),
  password: z
    .string()
    .min(1)
    .max(4 * MAX_PASSWORD_LENGTH),
});

const refreshBody = z.object({ refreshToken: z.string().min(1).max(200).optional() });

/** The refresh token from the JSON body (API clients) or the httpOnly cookie (the web app). */
async function presentedRefreshToken(c: Context): Promise<string | undefined> {
  const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding');
  const fromBody = hasBody ? (await jsonBody(c, refreshBody)).refreshToken : undefined;
  return fromBody ?? getCookie(c, REFRESH_COOKIE);
}

/** Sign-up, login, token refresh and logout. */
export function accountRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/signup', async (c) => {
    const { email, password } = await jsonBody(c, signUpBody);
    const normalized = normalizeEmail(email);
    assertStrongPassword(password, normalized);
    const user = await createUser(ctx.db, {
      email: normalized,
      passwordHash: await hashPassword(password),
      adminEmails: ctx.config.ADMIN_EMAILS.map(normalizeEmail),
    });
    c.get('logger').info({ userId: user.id, orgId: user.org_id }, 'user signed up');
    const { sessionId, body } = await signIn(c, ctx, user);
    audit(c, ctx, {
      actor: { id: user.id, type: 'user' },
      orgId: user.org_id,
      action: 'auth.sign_up',
      target: { type: 'user', id: user.id },
      outcome: 'success',
      details: { method: 'password', sessionId },
    });
    return c.json(body, 201);
  });

  app.post('/login', async (c) => {
    const { email, password } = await jsonBody(c, loginBody);
    const normalized = normalizeEmail(email);
    const ip = clientIp(c, ctx.config.TRUST_PROXY);
    const user = await findUserByEmail(ctx.db, normalized);
    // A refused sign-in is recorded against the account when there is one. The typed email of
    // an unknown account is not recorded: people type passwords into the email field.
    const refused = (reason: string, outcome: 'failure' | 'denied') =>
      audit(c, ctx, {
        actor: user ? { id: user.id, type: 'user' } : { id: 'unknown-account', type: 'anonymous' },
        orgId: user?.org_id ?? null,
        action: 'auth.sign_in',
        ...(user ? { target: { type: 'user', id: user.id } } : {}),
        outcome,
        details: { method: 'password', reason },
      });
    try {
      await ctx.loginThrottle.assertAllowed(normalized, ip);
    } catch (error) {
      refused('throttled', 'denied');
      throw error;
    }
    // Same answer for an unknown email and a wrong password, and the same work (see verifyPassword).
    if (!(await verifyPassword(user?.password_hash ?? null, password)) || !user) {
      await ctx.loginThrottle.recordFailure(normalized, ip);
      refused(user ? 'bad_password' : 'unknown_account', 'failure');
      throw new ApiError('invalid_credentials', 'Email or password is incorrect');
    }
    await ctx.loginThrottle.recordSuccess(normalized);
    const signedIn = await recordLogin(ctx.db, user, ctx.config.ADMIN_EMAILS.map(normalizeEmail));
    const { sessionId, body } = await signIn(c, ctx, signedIn);
    audit(c, ctx, {
      actor: { id: signedIn.id, type: 'user' },
      orgId: signedIn.org_id,
      action: 'auth.sign_in',
      target: { type: 'session', id: sessionId },
      outcome: 'success',
      details: { method: 'password' },
    });
    return c.json(body);
  });

  app.post('/refresh', async (c) => {
    const presented = await presentedRefreshToken(c);
    if (!presented)
      throw new ApiError('unauthorized', 'Send the refresh token in the body or the refresh cookie');
    let rotated: Awaited<ReturnType<typeof rotateRefreshToken>>;
    try {
      rotated = await rotateRefreshToken(ctx.db, presented, ctx.config.REFRESH_TOKEN_TTL_DAYS);
    } catch (error) {
      clearRefreshCookie(c, ctx);
      if (error instanceof ApiError && error.code === 'token_reused') {
        c.get('logger').warn({ code: error.code }, 'refresh token reuse detected; session revoked');
      }
      throw error;
    }
    const user = await findUserById(ctx.db, rotated.userId);
    if (!user) throw new ApiError('invalid_token', 'The account behind this token no longer exists');
    setRefreshCookie(c, ctx, rotated.refreshToken, rotated.expiresAt);
    return c.json(await tokenPair(ctx, user, rotated.sessionId, rotated.refreshToken, rotated.expiresAt));
  });

  app.post('/logout', async (c) => {
    const presented = await presentedRefreshToken(c);
    const session = presented ? await sessionOfRefreshToken(ctx.db, presented) : null;
    // Only a logout that ended a live session is an event; repeating it records nothing more.
    if (session && (await revokeSession(ctx.db, session.sessionId, 'logout'))) {
      const user = await findUserById(ctx.db, session.userId);
      audit(c, ctx, {
        actor: { id: session.userId, type: 'user' },
        orgId: user?.org_id ?? null,
        action: 'auth.sign_out',
        target: { type: 'session', id: session.sessionId },
        outcome: 'success',
      });
    }
    clearRefreshCookie(c, ctx);
    // Idempotent: logging out twice, or with a token that is already dead, is not an error.
    return c.body(null, 204);
  });

  return app;
}
