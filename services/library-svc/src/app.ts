import { discardAuditEvents } from '@perplexica/audit';
import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createServiceApp, parseRateLimits, rateLimit } from '@perplexica/http';
import { createSlidingWindowLimiter, pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import type { LibraryContext, LibraryDeps, LibraryEnv } from './deps.ts';
import { internalRoutes } from './routes/internal.ts';
import { sharedRoutes } from './routes/shared.ts';
import { threadRoutes } from './routes/threads.ts';

const defaultRateLimits = {
  /** Everything a signed-in caller does in the library. */
  default: { limit: 600, windowMs: 60_000 },
  /** Anonymous reads of shared links, per IP. */
  shared: { limit: 120, windowMs: 60_000 },
};

export function buildContext(deps: LibraryDeps): LibraryContext {
  const { config } = deps;
  return {
    config,
    audit: deps.audit ?? discardAuditEvents,
    db: deps.database.db,
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    limiter: createSlidingWindowLimiter(deps.redis),
  };
}

/** library-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: LibraryDeps): Hono<LibraryEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<LibraryEnv>({
    name: 'library-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
  });

  app.route('/internal/v1', internalRoutes(ctx));

  app.use(
    '/api/v1/library/shared/*',
    rateLimit({
      limiter: ctx.limiter,
      group: 'shared',
      rule: limits.shared as never,
      trustProxy: config.TRUST_PROXY,
    }),
  );
  app.route('/api/v1/library/shared', sharedRoutes(ctx));

  const signedIn = authenticate({ tokens: ctx.tokens });
  const perCaller = rateLimit({
    limiter: ctx.limiter,
    group: 'default',
    rule: limits.default as never,
    trustProxy: config.TRUST_PROXY,
  });
  // "/threads/*" matches "/threads" too in Hono: one registration, so nothing runs twice.
  app.use('/api/v1/library/threads/*', signedIn, perCaller);
  app.route('/api/v1/library/threads', threadRoutes(ctx));
  return app;
}
