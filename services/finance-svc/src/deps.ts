import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { SwrCache } from '@perplexica/cache';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { FinanceConfig } from './config.ts';
import type { FmpClient } from './fmp/fmp-client.ts';
import type { MarketCatalog } from './market/market-catalog.ts';

/** What main.ts (or a test) hands to createApp. */
export interface FinanceDeps {
  config: FinanceConfig;
  logger: Logger;
  redis: Redis;
  /** The clock of the cache (tests move it forward to age entries); Date.now by default. */
  now?: () => number;
}

/** The market data, present only when FMP_API_KEY is set. */
export interface MarketData {
  fmp: FmpClient;
  catalog: MarketCatalog;
}

/** Everything routes use, built once from the deps. */
export interface FinanceContext {
  config: FinanceConfig;
  logger: Logger;
  cache: SwrCache;
  /** Null without FMP_API_KEY: every data route answers 503 not_configured. */
  market: MarketData | null;
  now: () => number;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  limiter: SlidingWindowLimiter;
}

export type FinanceEnv = ServiceEnv;
