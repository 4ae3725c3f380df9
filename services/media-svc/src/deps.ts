import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { MediaConfig } from './config.ts';
import type { MediaSearch } from './media-search.ts';

/** What main.ts (or a test) hands to createApp. */
export interface MediaDeps {
  config: MediaConfig;
  logger: Logger;
  redis: Redis;
  /** The clock the cache ages entries by; tests move it instead of waiting. */
  now?: () => number;
}

/** Everything routes use, built once from the deps. */
export interface MediaContext {
  config: MediaConfig;
  media: MediaSearch;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  limiter: SlidingWindowLimiter;
  now: () => number;
}

export type MediaEnv = ServiceEnv;
