import type { AuditSink } from '@perplexica/audit';
import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { Embedder } from '@perplexica/embeddings';
import type { ServiceEnv } from '@perplexica/http';
import type { ObjectStore } from '@perplexica/object-store';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { SpaceAccessClient } from '@perplexica/service-clients';
import type { UploadConfig } from './config.ts';
import type { UploadDatabase } from './db/schema.ts';
import type { FileQueue } from './processing/file-queue.ts';
import type { VectorCache } from './search/vector-cache.ts';

/** What main.ts (or a test) hands to createApp. */
export interface UploadDeps {
  config: UploadConfig;
  logger: Logger;
  database: Database<UploadDatabase>;
  redis: Redis;
  store: ObjectStore;
  files: FileQueue;
  embedder: Embedder;
  /** Tests may pass one in (a projects-svc they started); main.ts builds it from config. */
  spaces?: SpaceAccessClient;
  /** Where audit events go (main.ts: an emitter to audit-svc's queue); discarded when absent. */
  audit?: AuditSink;
  /** The registry /metrics serves, when main.ts registers metrics of its own on it. */
  metrics?: ServiceMetrics;
}

/** Everything routes use, built once from the deps. */
export interface UploadContext {
  config: UploadConfig;
  logger: Logger;
  db: Database<UploadDatabase>['db'];
  store: ObjectStore;
  files: FileQueue;
  embedder: Embedder;
  spaces: SpaceAccessClient;
  cache: VectorCache;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  limiter: SlidingWindowLimiter;
  audit: AuditSink;
}

export type UploadEnv = ServiceEnv;
