import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { LibraryConfig } from './config.ts';
import type { LibraryDatabase } from './db/schema.ts';

/** What main.ts (or a test) hands to createApp. */
export interface LibraryDeps {
  config: LibraryConfig;
  logger: Logger;
  database: Database<LibraryDatabase>;
  redis: Redis;
}

/** Everything routes use, built once from the deps. */
export interface LibraryContext {
  config: LibraryConfig;
  db: Database<LibraryDatabase>['db'];
  tokens: TokenVerifier;
  limiter: SlidingWindowLimiter;
}

export type LibraryEnv = ServiceEnv;
