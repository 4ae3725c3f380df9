import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { SwrCache } from '@perplexica/cache';
import type { ServiceEnv } from '@perplexica/http';
import type { ChatModel } from '@perplexica/llm';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { AmadeusClient } from './amadeus/amadeus-client.ts';
import type { TravelConfig } from './config.ts';
import type { SearchClient } from './search/search-client.ts';
import type { TripadvisorClient } from './tripadvisor/tripadvisor-client.ts';

/** What main.ts (or a test) hands to createApp. */
export interface TravelDeps {
  config: TravelConfig;
  logger: Logger;
  redis: Redis;
  /** The clock the cache ages entries by and dates are checked against; tests move it. */
  now?: () => number;
}

/** Everything routes use, built once from the deps. */
export interface TravelContext {
  config: TravelConfig;
  logger: Logger;
  now: () => number;
  cache: SwrCache;
  search: SearchClient;
  /** null: no model configured; itineraries are extractive. */
  model: ChatModel | null;
  /** Answers 503 not_configured for every call when TRIPADVISOR_API_KEY is empty. */
  tripadvisor: TripadvisorClient;
  /** Answers 503 not_configured for every call without Amadeus credentials. */
  amadeus: AmadeusClient;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  limiter: SlidingWindowLimiter;
}

export type TravelEnv = ServiceEnv;
