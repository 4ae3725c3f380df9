import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { AuditConfig } from './config.ts';
import type { AuditDatabase } from './db/schema.ts';

/** What main.ts (or a test) hands to createApp and startAuditWorker. */
export interface AuditDeps {
  config: AuditConfig;
  logger: Logger;
  database: Database<AuditDatabase>;
  redis: Redis;
}

/** Everything routes use, built once from the deps. */
export interface AuditContext {
  config: AuditConfig;
  logger: Logger;
  db: Database<AuditDatabase>['db'];
  tokens: TokenVerifier;
  limiter: SlidingWindowLimiter;
}

export type AuditEnv = ServiceEnv;
