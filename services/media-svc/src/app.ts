import { createSwrCache } from '@perplexica/cache';
import {
  createCallers,
  createServiceApp,
  parseRateLimits,
  type RateLimitRule,
  signedInCallers,
} from '@perplexica/http';
import { pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import type { MediaContext, MediaDeps, MediaEnv } from './deps.ts';
import { createMediaSearch } from './media-search.ts';
import { internalRoutes } from './routes/internal.ts';
import { mediaRoutes } from './routes/media.ts';
import { createSearchClient } from './search-client.ts';

const defaultRateLimits = {
  /** Image and video searches by one caller; a grid scrolling through pages is a few a second. */
  default: { limit: 300, windowMs: 60_000 },
};

export const MEDIA_PATH = '/api/v1/media';

export function buildContext(deps: MediaDeps): MediaContext {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const cache = createSwrCache({ redis: deps.redis, namespace: 'cache:', now });
  // A failed background refresh keeps the stale page in service; the log says why it is stale.
  cache.onBackgroundError = (key, error) =>
    logger.warn({ key, reason: (error as Error).message }, 'media refresh failed; serving the stale page');
  return {
    config,
    now,
    media: createMediaSearch({
      cache,
      client: createSearchClient({
        baseUrl: config.SEARCH_SERVICE_URL,
        serviceToken: config.SERVICE_TOKEN,
        timeoutMs: config.SEARCH_TIMEOUT_MS,
        logger,
      }),
      freshness: {
        freshMs: config.MEDIA_CACHE_FRESH_SECONDS * 1000,
        staleMs: config.MEDIA_CACHE_STALE_SECONDS * 1000,
      },
    }),
    // Scripts search images too: API keys with the `media` scope are accepted.
    ...createCallers(config, deps.redis),
  };
}

/** media-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: MediaDeps): Hono<MediaEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<MediaEnv>({
    name: 'media-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    // Not search-svc: while it is down this service keeps serving what it has cached, so it
    // must stay in rotation.
    readiness: { redis: () => pingRedis(deps.redis) },
  });

  app.route('/internal/v1', internalRoutes(ctx));

  // "/media/*" matches "/media" too in Hono: one registration, so nothing runs twice.
  app.use(
    `${MEDIA_PATH}/*`,
    ...signedInCallers(ctx, {
      scope: 'media',
      rule: limits.default as RateLimitRule,
      trustProxy: config.TRUST_PROXY,
    }),
  );
  app.route(MEDIA_PATH, mediaRoutes(ctx));
  return app;
}
