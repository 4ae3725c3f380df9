import type { AuditSink } from '@perplexica/audit';
import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { Kysely } from 'kysely';
import type { BillingConfig } from './config.ts';
import type { BillingDatabase } from './db/schema.ts';
import type { BillingQueue } from './jobs/billing-queue.ts';
import type { YooKassaGateway } from './yookassa/gateway.ts';

/** What main.ts (or a test) hands to createApp and startBillingWorker. */
export interface BillingDeps {
  config: BillingConfig;
  logger: Logger;
  database: Database<BillingDatabase>;
  redis: Redis;
  /** Renewals and payment checks (createBillingQueue). */
  queue: BillingQueue;
  /** Where audit events go (main.ts: an emitter to audit-svc's queue); discarded when absent. */
  audit?: AuditSink;
  /** The registry /metrics serves, when main.ts registers metrics of its own on it. */
  metrics?: ServiceMetrics;
  /** Defaults to the one YOOKASSA_SHOP_ID/YOOKASSA_SECRET_KEY configure (or a not-configured one). */
  yookassa?: YooKassaGateway;
}

/** What the billing logic needs, shared by the routes and the worker. */
export interface BillingStore {
  config: BillingConfig;
  logger: Logger;
  db: Kysely<BillingDatabase>;
  yookassa: YooKassaGateway;
  audit: AuditSink;
  queue: BillingQueue;
}

/** Everything routes use, built once from the deps. */
export interface BillingContext extends BillingStore {
  tokens: TokenVerifier;
  limiter: SlidingWindowLimiter;
}

export type BillingEnv = ServiceEnv;
