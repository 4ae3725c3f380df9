import { authenticate, requireScope } from '@perplexica/auth-kit';
import { createSwrCache } from '@perplexica/cache';
import {
  createCallers,
  createServiceApp,
  createUndiciFetch,
  parseRateLimits,
  rateLimit,
} from '@perplexica/http';
import { createModelFromEnv } from '@perplexica/llm';
import { pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import { createAmadeusClient, unconfiguredAmadeus } from './amadeus/amadeus-client.ts';
import { createAmadeusTokens } from './amadeus/amadeus-token.ts';
import type { TravelConfig } from './config.ts';
import type { TravelContext, TravelDeps, TravelEnv } from './deps.ts';
import { hotelRoutes } from './routes/hotels.ts';
import { inspirationRoutes } from './routes/inspiration.ts';
import { internalRoutes } from './routes/internal.ts';
import { itineraryRoutes } from './routes/itineraries.ts';
import { locationRoutes } from './routes/locations.ts';
import { createSearchClient } from './search/search-client.ts';
import { createTripadvisorClient, unconfiguredTripadvisor } from './tripadvisor/tripadvisor-client.ts';

const defaultRateLimits = {
  /** Reads of cached pages: inspiration, places, reviews, photos. */
  default: { limit: 300, windowMs: 60_000 },
  /** A new plan is a handful of searches and perhaps a model call. */
  itineraries: { limit: 20, windowMs: 60_000 },
  /** Each uncached search asks Amadeus, whose quota is small. */
  hotels: { limit: 60, windowMs: 60_000 },
};

export const TRAVEL_PATH = '/api/v1/travel';

export function buildContext(deps: TravelDeps): TravelContext {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const cache = createSwrCache({ redis: deps.redis, namespace: 'cache:', now });
  // A failed background refresh keeps the stale copy in service; the log says why it is stale.
  cache.onBackgroundError = (key, error) =>
    logger.warn({ key, reason: (error as Error).message }, 'travel refresh failed; serving the stale copy');
  return {
    config,
    logger,
    now,
    cache,
    search: createSearchClient({
      baseUrl: config.SEARCH_SERVICE_URL,
      serviceToken: config.SERVICE_TOKEN,
      timeoutMs: config.SEARCH_TIMEOUT_MS,
      logger,
    }),
    model: createModelFromEnv(config),
    ...providers(config, deps, now),
    // Scripts plan trips too: API keys with the `travel` scope are accepted.
    ...createCallers(config, deps.redis),
  };
}

/** Tripadvisor and Amadeus when their keys are set; otherwise stand-ins answering 503 not_configured. */
function providers(config: TravelConfig, deps: TravelDeps, now: () => number) {
  const fetch = createUndiciFetch({ connections: 16 });
  const common = { timeoutMs: config.PROVIDER_TIMEOUT_MS, fetch, logger: deps.logger };
  const tripadvisor = config.TRIPADVISOR_API_KEY
    ? createTripadvisorClient({
        ...common,
        apiKey: config.TRIPADVISOR_API_KEY,
        baseUrl: config.TRIPADVISOR_BASE_URL,
        referer: config.TRIPADVISOR_REFERER,
      })
    : unconfiguredTripadvisor;
  const amadeus =
    config.AMADEUS_CLIENT_ID && config.AMADEUS_CLIENT_SECRET
      ? createAmadeusClient({
          ...common,
          baseUrl: config.AMADEUS_BASE_URL,
          tokens: createAmadeusTokens({
            ...common,
            baseUrl: config.AMADEUS_BASE_URL,
            clientId: config.AMADEUS_CLIENT_ID,
            clientSecret: config.AMADEUS_CLIENT_SECRET,
            now,
          }),
        })
      : unconfiguredAmadeus;
  return { tripadvisor, amadeus };
}

/** travel-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: TravelDeps): Hono<TravelEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<TravelEnv>({
    name: 'travel-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    // Not search-svc nor the providers: while they are down this service keeps serving what it
    // has cached, so it must stay in rotation.
    readiness: { redis: () => pingRedis(deps.redis) },
  });

  app.route('/internal/v1', internalRoutes(ctx));

  const limit = (group: keyof typeof defaultRateLimits) =>
    rateLimit({ limiter: ctx.limiter, group, rule: limits[group] as never, trustProxy: config.TRUST_PROXY });
  app.use(
    `${TRAVEL_PATH}/*`,
    authenticate({ tokens: ctx.tokens, apiKeys: ctx.apiKeys }),
    requireScope('travel'),
  );
  // "/x/*" matches "/x" too in Hono: one registration per group, so nothing is counted twice.
  app.use(`${TRAVEL_PATH}/itineraries/*`, limit('itineraries'));
  app.use(`${TRAVEL_PATH}/hotels/*`, limit('hotels'));
  app.use(`${TRAVEL_PATH}/inspiration/*`, limit('default'));
  app.use(`${TRAVEL_PATH}/locations/*`, limit('default'));
  app.route(`${TRAVEL_PATH}/itineraries`, itineraryRoutes(ctx));
  app.route(`${TRAVEL_PATH}/inspiration`, inspirationRoutes(ctx));
  app.route(`${TRAVEL_PATH}/locations`, locationRoutes(ctx));
  app.route(`${TRAVEL_PATH}/hotels`, hotelRoutes(ctx));
  return app;
}
