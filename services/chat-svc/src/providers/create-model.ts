import { type ChatModel, createModelFromEnv } from '@perplexica/llm';
import type { ChatConfig } from '../config.ts';

/** The configured provider's model (with its embedding model), or null for the extractive answerer. */
export function createChatModel(config: ChatConfig): ChatModel | null {
  return createModelFromEnv(config, {
    openai: config.OPENAI_EMBEDDING_MODEL,
    ollama: config.OLLAMA_EMBEDDING_MODEL,
  });
}

/** The context window of the configured model: per-model override, else the default. */
export function contextWindowOf(config: ChatConfig, modelName: string): number {
  return config.MODEL_CONTEXT_WINDOWS[modelName] ?? config.MODEL_CONTEXT_WINDOW;
}
