import type { ChatConfig } from '../config.ts';
import type { ChatModel } from './chat-model.ts';
import { createOllamaModel } from './ollama-model.ts';
import { createOpenAIModel } from './openai-model.ts';

/** The configured provider's model, or null for the extractive answerer (no model at all). */
export function createChatModel(config: ChatConfig): ChatModel | null {
  switch (config.LLM_PROVIDER) {
    case 'openai':
      return createOpenAIModel({
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        chatModel: config.OPENAI_CHAT_MODEL,
        embeddingModel: config.OPENAI_EMBEDDING_MODEL,
        timeoutMs: config.MODEL_TIMEOUT_MS,
        idleTimeoutMs: config.MODEL_IDLE_TIMEOUT_MS,
        maxRetries: config.MODEL_MAX_RETRIES,
      });
    case 'ollama':
      return createOllamaModel({
        url: config.OLLAMA_URL,
        chatModel: config.OLLAMA_CHAT_MODEL,
        embeddingModel: config.OLLAMA_EMBEDDING_MODEL,
        timeoutMs: config.MODEL_TIMEOUT_MS,
        idleTimeoutMs: config.MODEL_IDLE_TIMEOUT_MS,
      });
    default:
      return null;
  }
}

/** The context window of the configured model: per-model override, else the default. */
export function contextWindowOf(config: ChatConfig, modelName: string): number {
  return config.MODEL_CONTEXT_WINDOWS[modelName] ?? config.MODEL_CONTEXT_WINDOW;
}
