import { positiveInt, urlWith } from '@perplexica/config';
import { z } from 'zod';
import type { Embedder } from './embedder.ts';
import { createLocalEmbedder } from './local-embedder.ts';
import { createOllamaEmbedder, createOpenAIEmbedder } from './provider-embedders.ts';

/** The variables of a service that embeds text (spread into its env schema). */
export const embeddingEnv = {
  /** local needs no model (feature hashing); openai and ollama call the provider. */
  EMBEDDING_PROVIDER: z.enum(['local', 'openai', 'ollama']).default('local'),
  OPENAI_BASE_URL: urlWith('http', 'https').default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().default(''),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  OLLAMA_URL: urlWith('http', 'https').default('http://127.0.0.1:11434'),
  OLLAMA_EMBEDDING_MODEL: z.string().min(1).default('nomic-embed-text'),
  EMBEDDING_TIMEOUT_MS: positiveInt(30_000),
};

export interface EmbeddingConfig {
  EMBEDDING_PROVIDER: 'local' | 'openai' | 'ollama';
  OPENAI_BASE_URL: string;
  OPENAI_API_KEY: string;
  OPENAI_EMBEDDING_MODEL: string;
  OLLAMA_URL: string;
  OLLAMA_EMBEDDING_MODEL: string;
  EMBEDDING_TIMEOUT_MS: number;
}

export function createEmbedder(config: EmbeddingConfig): Embedder {
  switch (config.EMBEDDING_PROVIDER) {
    case 'openai':
      return createOpenAIEmbedder({
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_EMBEDDING_MODEL,
        timeoutMs: config.EMBEDDING_TIMEOUT_MS,
        maxRetries: 2,
      });
    case 'ollama':
      return createOllamaEmbedder({ url: config.OLLAMA_URL, model: config.OLLAMA_EMBEDDING_MODEL });
    default:
      return createLocalEmbedder();
  }
}
