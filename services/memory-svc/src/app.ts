import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createServiceApp, parseRateLimits, rateLimit } from '@perplexica/http';
import { createMetrics } from '@perplexica/observability';
import { createSlidingWindowLimiter, pingRedis } from '@perplexica/redis';
import { registerQueueMetrics } from '@perplexica/redis/queue';
import type { Hono } from 'hono';
import type { MemoryContext, MemoryDeps, MemoryEnv } from './deps.ts';
import { internalRoutes } from './routes/internal.ts';
import { memoryRoutes } from './routes/memories.ts';
import { orgRoutes } from './routes/org.ts';
import { settingsRoutes } from './routes/settings.ts';
import { buildStore } from './store.ts';

const defaultRateLimits = {
  /** Everything a signed-in caller does with their memory. */
  default: { limit: 600, windowMs: 60_000 },
};

export function buildContext(deps: MemoryDeps): MemoryContext {
  const { config } = deps;
  return {
    ...buildStore(deps),
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    limiter: createSlidingWindowLimiter(deps.redis),
    queue: deps.queue,
  };
}

/** memory-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: MemoryDeps): Hono<MemoryEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const metrics = createMetrics('memory-svc');
  registerQueueMetrics(metrics.registry, [deps.queue]);
  const app = createServiceApp<MemoryEnv>({
    name: 'memory-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
    metrics,
  });

  app.route('/internal/v1', internalRoutes(ctx));

  const signedIn = authenticate({ tokens: ctx.tokens });
  const perCaller = rateLimit({
    limiter: ctx.limiter,
    group: 'default',
    rule: limits.default as never,
    trustProxy: config.TRUST_PROXY,
  });
  // "/memory/*" matches "/memory" too in Hono: one registration, so nothing runs twice.
  app.use('/api/v1/memory/*', signedIn, perCaller);
  // Fixed paths before /:id, so "settings" and "org" are never read as a memory id.
  app.route('/api/v1/memory/settings', settingsRoutes(ctx));
  app.route('/api/v1/memory/org', orgRoutes(ctx));
  app.route('/api/v1/memory', memoryRoutes(ctx));
  return app;
}
