import { authenticate } from '@perplexica/auth-kit';
import { createCallers, createServiceApp, parseRateLimits, rateLimit } from '@perplexica/http';
import { createMetrics } from '@perplexica/observability';
import { pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import { Counter } from 'prom-client';
import type { SearchContext, SearchDeps, SearchEnv } from './deps.ts';
import { createPageReader } from './fetch/page-reader.ts';
import { internalRoutes } from './routes/internal.ts';
import { patentRoutes } from './routes/patents.ts';
import { createSearchCache } from './search/search-cache.ts';
import { createSearchService } from './search/search-service.ts';
import { createSearxngPool } from './searxng/searxng-pool.ts';

const defaultRateLimits = {
  /** Public patent searches per caller; each may cost a SearXNG call. */
  patents: { limit: 120, windowMs: 60_000 },
};

export function buildContext(deps: SearchDeps): SearchContext {
  const { config, logger } = deps;
  const pool =
    config.SEARXNG_URL.length > 0
      ? createSearxngPool({
          urls: config.SEARXNG_URL,
          timeoutMs: config.SEARXNG_TIMEOUT_MS,
          concurrency: config.SEARXNG_CONCURRENCY,
          queue: config.SEARXNG_QUEUE,
          breakerFailures: config.SEARXNG_BREAKER_FAILURES,
          breakerCooldownMs: config.SEARXNG_BREAKER_COOLDOWN_MS,
          retryAfterSeconds: config.SEARXNG_RETRY_AFTER_SECONDS,
          logger,
        })
      : null;
  const metrics = createMetrics('search-svc');
  const cache = createSearchCache(deps.redis, {
    ttlByCategory: config.SEARCH_CACHE_TTLS,
    defaultTtlSeconds: config.SEARCH_CACHE_TTL_SECONDS,
    logger,
    lookups: new Counter({
      name: 'search_cache_requests_total',
      help: 'Search cache lookups by result: hit, miss, or error (Redis unreachable)',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    }),
  });
  return {
    config,
    db: deps.database.db,
    search: createSearchService({ pool, cache, db: deps.database.db }),
    reader:
      deps.reader ??
      createPageReader({
        allowPrivateHosts: config.FETCH_ALLOW_PRIVATE_HOSTS,
        timeoutMs: config.FETCH_TIMEOUT_MS,
        maxBytes: config.FETCH_MAX_BYTES,
        maxRedirects: config.FETCH_MAX_REDIRECTS,
        userAgent: config.FETCH_USER_AGENT,
      }),
    ...createCallers(config, deps.redis),
    metrics,
  };
}

/** search-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: SearchDeps): Hono<SearchEnv> {
  const ctx = buildContext(deps);
  const limits = parseRateLimits(ctx.config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<SearchEnv>({
    name: 'search-svc',
    logger: deps.logger,
    bodyLimitBytes: ctx.config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
    metrics: ctx.metrics,
  });
  app.route('/internal/v1', internalRoutes(ctx));
  app.use(
    '/api/v1/patents',
    authenticate({ tokens: ctx.tokens, apiKeys: ctx.apiKeys }),
    rateLimit({
      limiter: ctx.limiter,
      group: 'patents',
      rule: limits.patents ?? defaultRateLimits.patents,
      trustProxy: ctx.config.TRUST_PROXY,
    }),
  );
  app.route('/api/v1/patents', patentRoutes(ctx));
  return app;
}
