export { type Embedder, EmbeddingError } from './embedder.ts';
export { createEmbedder, type EmbeddingConfig, embeddingEnv } from './embedder-env.ts';
export { createLocalEmbedder, embedLocally, LOCAL_EMBEDDING_DIMENSIONS, stems } from './local-embedder.ts';
export {
  createOllamaEmbedder,
  createOpenAIEmbedder,
  type OllamaEmbedderConfig,
  type OpenAIEmbedderConfig,
} from './provider-embedders.ts';
export {
  dequantize,
  dot,
  dotQuantized,
  normalize,
  type QuantizedVector,
  quantize,
  vectorBytes,
  vectorFromBytes,
} from './vectors.ts';
