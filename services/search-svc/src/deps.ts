import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { SearchConfig } from './config.ts';
import type { SearchDatabase } from './db/schema.ts';
import type { PageReader } from './fetch/page-reader.ts';
import type { SearchService } from './search/search-service.ts';

/** What main.ts (or a test) hands to createApp. */
export interface SearchDeps {
  config: SearchConfig;
  logger: Logger;
  database: Database<SearchDatabase>;
  redis: Redis;
  /** The page reader; built from config when omitted. Its owner closes it on shutdown. */
  reader?: PageReader;
}

/** Everything routes use, built once from the deps. */
export interface SearchContext {
  config: SearchConfig;
  db: Database<SearchDatabase>['db'];
  search: SearchService;
  reader: PageReader;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  limiter: SlidingWindowLimiter;
  metrics: ServiceMetrics;
}

export type SearchEnv = ServiceEnv;
