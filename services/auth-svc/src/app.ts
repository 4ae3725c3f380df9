import { discardAuditEvents } from '@perplexica/audit';
import { authenticate, createTokenVerifier, requireRole } from '@perplexica/auth-kit';
import { createServiceApp, parseRateLimits, rateLimit } from '@perplexica/http';
import { createSlidingWindowLimiter, pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import { recordApiKeyUse } from './api-key-use.ts';
import { verifyApiKey } from './api-keys.ts';
import type { AuthContext, AuthDeps, AuthEnv } from './deps.ts';
import { createTxtLookup } from './dns-txt.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { accountRoutes } from './routes/accounts.ts';
import { adminRoutes } from './routes/admin.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { internalRoutes } from './routes/internal.ts';
import { jwksRoutes } from './routes/jwks.ts';
import { meRoutes } from './routes/me.ts';
import { orgRoutes } from './routes/orgs.ts';
import { ssoRoutes } from './routes/sso.ts';
import { ssoConfigRoutes } from './routes/sso-config.ts';
import { createOidcClients } from './sso/oidc-client.ts';
import { createAccessTokenIssuer } from './tokens/access-tokens.ts';

const defaultRateLimits = {
  /** Unauthenticated sign-up/login/refresh, per IP. Failed logins have their own, stricter budget. */
  auth: { limit: 60, windowMs: 60_000 },
  /** Everything a signed-in caller does here. */
  default: { limit: 600, windowMs: 60_000 },
};

export function buildContext(deps: AuthDeps): AuthContext {
  const { config } = deps;
  const limiter = createSlidingWindowLimiter(deps.redis);
  return {
    config,
    db: deps.database.db,
    redis: deps.redis,
    keys: deps.keys,
    tokens: createTokenVerifier({
      publicKeyPem: deps.keys.publicKeyPem,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    accessTokens: createAccessTokenIssuer({
      keys: deps.keys,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    }),
    limiter,
    loginThrottle: createLoginThrottle(limiter, {
      maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: config.LOGIN_THROTTLE_WINDOW_SECONDS * 1_000,
    }),
    lookupTxt: deps.lookupTxt ?? createTxtLookup(config.DNS_SERVERS),
    audit: deps.audit ?? discardAuditEvents,
  };
}

/** auth-svc's HTTP API; tests call it with app.request() or serve it on a free port. */
export function createApp(deps: AuthDeps): Hono<AuthEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<AuthEnv>({
    name: 'auth-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
  });
  const signedIn = authenticate({
    tokens: ctx.tokens,
    apiKeys: { verify: (key) => verifyApiKey(ctx.db, key, (used) => recordApiKeyUse(ctx, used, null)) },
  });
  const perCaller = rateLimit({
    limiter: ctx.limiter,
    group: 'default',
    rule: limits.default as never,
    trustProxy: config.TRUST_PROXY,
  });
  const perIp = rateLimit({
    limiter: ctx.limiter,
    group: 'auth',
    rule: limits.auth as never,
    trustProxy: config.TRUST_PROXY,
  });

  app.route('/', jwksRoutes(ctx));
  app.route('/internal/v1', internalRoutes(ctx));

  for (const path of [
    '/api/v1/auth/signup',
    '/api/v1/auth/login',
    '/api/v1/auth/refresh',
    '/api/v1/auth/logout',
    '/api/v1/auth/sso/*',
  ]) {
    app.use(path, perIp);
  }
  app.route('/api/v1/auth', accountRoutes(ctx));
  const oidcClients = createOidcClients({ allowInsecureIssuers: config.SSO_ALLOW_INSECURE_ISSUERS });
  app.route('/api/v1/auth/sso', ssoRoutes(ctx, oidcClients));

  for (const path of [
    '/api/v1/auth/me',
    // "/x/*" matches "/x" too in Hono: one registration each, so nothing runs twice.
    '/api/v1/auth/api-keys/*',
    '/api/v1/auth/orgs/*',
    '/api/v1/auth/admin/*',
  ]) {
    app.use(path, signedIn, perCaller);
  }
  app.use('/api/v1/auth/admin/*', requireRole('admin', { hide: true }));
  app.route('/api/v1/auth', meRoutes(ctx));
  app.route('/api/v1/auth/api-keys', apiKeyRoutes(ctx));
  app.route('/api/v1/auth/orgs', orgRoutes(ctx));
  app.route('/api/v1/auth/orgs', ssoConfigRoutes(ctx, oidcClients));
  app.route('/api/v1/auth/admin', adminRoutes(ctx));
  return app;
}
