import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { Embedder } from '@perplexica/embeddings';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { MemoryConfig } from './config.ts';
import type { MemoryDatabase } from './db/schema.ts';
import type { FactModel } from './extraction/fact-model.ts';
import type { ExtractQueue } from './extraction/queue.ts';

/** What main.ts (or a test) hands to createApp and startExtractWorker. */
export interface MemoryDeps {
  config: MemoryConfig;
  logger: Logger;
  database: Database<MemoryDatabase>;
  redis: Redis;
  /** Where /internal/v1/extract puts its jobs (createExtractQueue). */
  queue: ExtractQueue;
  /** Defaults to the one EMBEDDING_PROVIDER configures (local feature hashing by default). */
  embedder?: Embedder;
  /** Defaults to the one LLM_PROVIDER configures; null: only explicit "remember that …" requests. */
  factModel?: FactModel | null;
}

/** What the memory logic needs, shared by the routes and the extraction worker. */
export interface MemoryStore {
  config: MemoryConfig;
  logger: Logger;
  db: Database<MemoryDatabase>['db'];
  embedder: Embedder;
}

/** Everything routes use, built once from the deps. */
export interface MemoryContext extends MemoryStore {
  tokens: TokenVerifier;
  limiter: SlidingWindowLimiter;
  queue: ExtractQueue;
}

export type MemoryEnv = ServiceEnv;
