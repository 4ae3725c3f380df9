import { createSwrCache } from '@perplexica/cache';
import {
  createCallers,
  createServiceApp,
  createUndiciFetch,
  parseRateLimits,
  type RateLimitRule,
  signedInCallers,
} from '@perplexica/http';
import { pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import type { FinanceContext, FinanceDeps, FinanceEnv, MarketData } from './deps.ts';
import { createFmpClient } from './fmp/fmp-client.ts';
import { createMarketCatalog } from './market/market-catalog.ts';
import { financeRoutes } from './routes/finance.ts';
import { internalRoutes } from './routes/internal.ts';

const defaultRateLimits = {
  /** Page loads of a signed-in caller or an API key; most are answered from the cache. */
  default: { limit: 600, windowMs: 60_000 },
};

export const FINANCE_PATH = '/api/v1/finance';

export function buildContext(deps: FinanceDeps): FinanceContext {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const cache = createSwrCache({
    redis: deps.redis,
    namespace: 'cache:',
    now,
    onBackgroundError: (key, error) =>
      logger.warn(
        { key, reason: error instanceof Error ? error.message : String(error) },
        'background refresh failed; serving the stale copy',
      ),
  });
  let market: MarketData | null = null;
  if (config.FMP_API_KEY) {
    const fmp = createFmpClient({
      baseUrl: config.FMP_BASE_URL,
      apiKey: config.FMP_API_KEY,
      timeoutMs: config.FMP_TIMEOUT_MS,
      fetch: createUndiciFetch({ connections: 16 }),
      logger,
    });
    market = { fmp, catalog: createMarketCatalog(fmp, cache, now) };
  }
  return {
    config,
    logger,
    cache,
    market,
    now,
    // Scripts read market data with API keys (scope "finance") as well as the web app with sessions.
    ...createCallers(config, deps.redis),
  };
}

/** finance-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: FinanceDeps): Hono<FinanceEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<FinanceEnv>({
    name: 'finance-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    // FMP is not a readiness dependency: without it (or while it is down) the service still
    // answers, from the cache or with 503 not_configured, so restarting pods would not help.
    readiness: { redis: () => pingRedis(deps.redis) },
  });

  app.route('/internal/v1', internalRoutes(ctx));

  app.use(
    `${FINANCE_PATH}/*`,
    ...signedInCallers(ctx, {
      scope: 'finance',
      rule: limits.default as RateLimitRule,
      trustProxy: config.TRUST_PROXY,
    }),
  );
  app.route(FINANCE_PATH, financeRoutes(ctx));
  return app;
}
