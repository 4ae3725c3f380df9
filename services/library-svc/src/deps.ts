import type { AuditSink } from '@perplexica/audit';
import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { LibraryConfig } from './config.ts';
import type { LibraryDatabase } from './db/schema.ts';

/** What main.ts (or a test) hands to createApp. */
export interface LibraryDeps {
  config: LibraryConfig;
  logger: Logger;
  database: Database<LibraryDatabase>;
  redis: Redis;
  /** Where audit events go (main.ts: an emitter to audit-svc's queue); discarded when absent. */
  audit?: AuditSink;
  /** The registry /metrics serves, when main.ts registers metrics of its own on it. */
  metrics?: ServiceMetrics;
}

/** Everything routes use, built once from the deps. */
export interface LibraryContext {
  config: LibraryConfig;
  db: Database<LibraryDatabase>['db'];
  tokens: TokenVerifier;
  limiter: SlidingWindowLimiter;
  audit: AuditSink;
}

export type LibraryEnv = ServiceEnv;
