import { createEmbedder } from '@perplexica/embeddings';
import type { MemoryDeps, MemoryStore } from './deps.ts';

/** The memory logic's dependencies, built the same way for the routes and the worker. */
export function buildStore(deps: MemoryDeps): MemoryStore {
  return {
    config: deps.config,
    logger: deps.logger,
    db: deps.database.db,
    embedder: deps.embedder ?? createEmbedder(deps.config),
  };
}
