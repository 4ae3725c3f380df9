import { positiveInt, urlWith } from '@perplexica/config';
import { z } from 'zod';
import type { ChatModel } from './chat-model.ts';
import { createOllamaModel } from './ollama-model.ts';
import { createOpenAIModel } from './openai-model.ts';

/** The variables of a service that asks a language model (spread into its env schema). */
export const llmEnv = {
  /** Which model answers: none (extractive) unless a provider is configured. */
  LLM_PROVIDER: z.enum(['openai', 'ollama', 'extractive']).default('extractive'),
  OPENAI_BASE_URL: urlWith('http', 'https').default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().default(''),
  OPENAI_CHAT_MODEL: z.string().default('gpt-4o-mini'),
  OLLAMA_URL: urlWith('http', 'https').default('http://127.0.0.1:11434'),
  OLLAMA_CHAT_MODEL: z.string().default('llama3.2'),
  /** Time for a model call to start answering, and the longest silence between streamed chunks. */
  MODEL_TIMEOUT_MS: positiveInt(60_000),
  MODEL_IDLE_TIMEOUT_MS: positiveInt(30_000),
  /** Retries of the provider client on 429/5xx/network errors (0 fails fast with a clear error). */
  MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
};

export interface LlmConfig {
  LLM_PROVIDER: 'openai' | 'ollama' | 'extractive';
  OPENAI_BASE_URL: string;
  OPENAI_API_KEY: string;
  OPENAI_CHAT_MODEL: string;
  OLLAMA_URL: string;
  OLLAMA_CHAT_MODEL: string;
  MODEL_TIMEOUT_MS: number;
  MODEL_IDLE_TIMEOUT_MS: number;
  MODEL_MAX_RETRIES: number;
}

/**
 * The configured provider's model, or null for "no model" (callers then answer extractively).
 * Embedding models are chat-svc's business; others pass none.
 */
export function createModelFromEnv(
  config: LlmConfig,
  embeddings: { openai?: string; ollama?: string } = {},
): ChatModel | null {
  switch (config.LLM_PROVIDER) {
    case 'openai':
      return createOpenAIModel({
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        chatModel: config.OPENAI_CHAT_MODEL,
        embeddingModel: embeddings.openai ?? '',
        timeoutMs: config.MODEL_TIMEOUT_MS,
        idleTimeoutMs: config.MODEL_IDLE_TIMEOUT_MS,
        maxRetries: config.MODEL_MAX_RETRIES,
      });
    case 'ollama':
      return createOllamaModel({
        url: config.OLLAMA_URL,
        chatModel: config.OLLAMA_CHAT_MODEL,
        embeddingModel: embeddings.ollama ?? '',
        timeoutMs: config.MODEL_TIMEOUT_MS,
        idleTimeoutMs: config.MODEL_IDLE_TIMEOUT_MS,
      });
    default:
      return null;
  }
}
