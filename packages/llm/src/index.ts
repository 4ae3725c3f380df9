export {
  type ChatModel,
  emptyUsage,
  guardedStream,
  type ModelChunk,
  ModelError,
  type ModelFailure,
  type ModelMessage,
  type ModelReply,
  type ModelRequest,
  type ModelTool,
  type ModelToolCall,
  type ModelUsage,
  withIdleTimeout,
} from './chat-model.ts';
export { createModelFromEnv, type LlmConfig, llmEnv } from './llm-env.ts';
export { createOllamaModel, type OllamaModelConfig } from './ollama-model.ts';
export { createOpenAIModel, type OpenAIModelConfig, openAIFailure } from './openai-model.ts';
