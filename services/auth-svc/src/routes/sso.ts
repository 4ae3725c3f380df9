import { ApiError } from '@perplexica/errors';
import { jsonBody, queryParams } from '@perplexica/http';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';
import { verifiedOrgForEmail } from '../orgs.ts';
import { signIn } from '../session-response.ts';
import { authorizationUrl, completeAuthorization, type OidcClients } from '../sso/oidc-client.ts';
import { findOrgSso, providerSettings } from '../sso/org-sso-config.ts';
import { resolveSsoAccount } from '../sso/resolve-account.ts';
import { SsoLoginError } from '../sso/sso-errors.ts';
import {
  browserMatches,
  issueExchangeCode,
  newBrowserBinding,
  PENDING_LOGIN_TTL_SECONDS,
  redeemExchangeCode,
  savePendingLogin,
  takePendingLogin,
} from '../sso/sso-state.ts';
import { appErrorUrl, appLandingUrl, ssoRedirectUri } from '../sso/sso-urls.ts';
import { findUserById, normalizeEmail, recordLogin } from '../users.ts';

/** Binds a sign-in to the browser that started it; sent back on the provider's redirect (Lax). */
const SSO_COOKIE = 'perplexica_sso';
const SSO_COOKIE_PATH = '/api/v1/auth/sso';

const startQuery = z
  .object({
    email: z.email().max(254).optional(),
    orgId: z.uuid().optional(),
    /** A path in the web app to land on afterwards; never another origin. */
    returnTo: z
      .string()
      .max(512)
      .regex(/^\/(?![/\\])[^\s\\]*$/, 'must be a path in the web app, like /library')
      .optional(),
  })
  .refine((query) => (query.email === undefined) !== (query.orgId === undefined), {
    message: 'give either email or orgId',
    path: ['email'],
  });

const exchangeBody = z.object({ code: z.string().min(1).max(200) });

const wantsJson = (c: Context) => (c.req.header('accept') ?? '').includes('application/json');

/**
 * Single sign-on with OpenID Connect (authorization code + PKCE): start sends the browser to the
 * org's provider, callback finishes there and hands the web app a one-time code, exchange trades
 * that code for the usual token pair.
 */
export function ssoRoutes(ctx: AuthContext, clients: OidcClients): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const redirectUri = ssoRedirectUri(ctx.config);

  app.get('/start', async (c) => {
    const query = queryParams(c, startQuery);
    const orgId = query.email
      ? (await verifiedOrgForEmail(ctx.db, normalizeEmail(query.email)))?.id
      : query.orgId;
    const row = orgId ? await findOrgSso(ctx.db, orgId) : undefined;
    if (!row) throw new ApiError('not_found', 'Single sign-on is not set up for this organization');
    const config = await clients.configure(providerSettings(row));

    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browser = newBrowserBinding();
    await savePendingLogin(ctx.redis, state, {
      orgId: row.org_id,
      codeVerifier,
      nonce,
      returnTo: query.returnTo ?? null,
      browserHash: browser.hash,
    });
    setCookie(c, SSO_COOKIE, browser.cookie, {
      httpOnly: true,
      secure: ctx.config.COOKIE_SECURE,
      sameSite: 'Lax',
      path: SSO_COOKIE_PATH,
      maxAge: PENDING_LOGIN_TTL_SECONDS,
    });
    const url = await authorizationUrl(config, {
      redirectUri,
      state,
      nonce,
      codeVerifier,
      ...(query.email ? { loginHint: query.email } : {}),
    });
    c.header('cache-control', 'no-store');
    return wantsJson(c) ? c.json({ authorizationUrl: url.href }) : c.redirect(url.href, 302);
  });

  app.get('/callback', async (c) => {
    c.header('cache-control', 'no-store');
    const logger = c.get('logger');
    const state = c.req.query('state') ?? '';
    // GETDEL even when the cookie is wrong: a state that reached the wrong browser is burnt.
    const pending = state && state.length <= 512 ? await takePendingLogin(ctx.redis, state) : null;
    if (!pending || !browserMatches(getCookie(c, SSO_COOKIE), pending.browserHash)) {
      logger.warn({ reason: 'invalid_state' }, 'sso sign-in refused');
      return c.redirect(appErrorUrl(ctx.config, 'invalid_state'), 302);
    }
    try {
      const row = await findOrgSso(ctx.db, pending.orgId);
      if (!row) throw new SsoLoginError('not_configured', 'Single sign-on was switched off meanwhile');
      let config: oidc.Configuration;
      try {
        config = await clients.configure(providerSettings(row));
      } catch (error) {
        throw new SsoLoginError('provider_unavailable', 'The identity provider could not be reached', {
          cause: error,
        });
      }
      // The provider redirected to our public URL; behind a proxy c.req.url may be an internal one.
      const callbackUrl = new URL(redirectUri);
      callbackUrl.search = new URL(c.req.url).search;
      const identity = await completeAuthorization(config, callbackUrl, {
        codeVerifier: pending.codeVerifier,
        state,
        nonce: pending.nonce,
      });
      const user = await resolveSsoAccount(ctx.db, {
        orgId: pending.orgId,
        identity,
        adminEmails: ctx.config.ADMIN_EMAILS.map(normalizeEmail),
      });
      const code = await issueExchangeCode(ctx.redis, {
        userId: user.id,
        returnTo: pending.returnTo,
        browserHash: pending.browserHash,
      });
      logger.info({ userId: user.id, orgId: pending.orgId }, 'sso sign-in completed');
      return c.redirect(appLandingUrl(ctx.config, code), 302);
    } catch (error) {
      if (!(error instanceof SsoLoginError)) throw error;
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      logger.warn({ reason: error.code, orgId: pending.orgId, cause }, 'sso sign-in refused');
      // The org's admins see refused SSO sign-ins (their provider refusing, a mis-set config).
      audit(c, ctx, {
        actor: { id: 'unknown-account', type: 'anonymous' },
        orgId: pending.orgId,
        action: 'auth.sign_in',
        outcome: 'failure',
        details: { method: 'sso', reason: error.code },
      });
      return c.redirect(appErrorUrl(ctx.config, error.code), 302);
    }
  });

  app.post('/exchange', async (c) => {
    const { code } = await jsonBody(c, exchangeBody);
    const grant = await redeemExchangeCode(ctx.redis, code);
    const user =
      grant && browserMatches(getCookie(c, SSO_COOKIE), grant.browserHash)
        ? await findUserById(ctx.db, grant.userId)
        : undefined;
    if (!grant || !user) {
      throw new ApiError(
        'invalid_token',
        'This sign-in code is invalid, expired or already used; sign in again',
      );
    }
    deleteCookie(c, SSO_COOKIE, { path: SSO_COOKIE_PATH, secure: ctx.config.COOKIE_SECURE });
    const signedIn = await recordLogin(ctx.db, user, ctx.config.ADMIN_EMAILS.map(normalizeEmail));
    const { sessionId, body } = await signIn(c, ctx, signedIn);
    // Recorded here, where the session starts, not at the callback: a code never redeemed is no sign-in.
    audit(c, ctx, {
      actor: { id: signedIn.id, type: 'user' },
      orgId: signedIn.org_id,
      action: 'auth.sign_in',
      target: { type: 'session', id: sessionId },
      outcome: 'success',
      details: { method: 'sso' },
    });
    return c.json({ ...body, returnTo: grant.returnTo });
  });

  return app;
}
