import { createUndiciFetch } from '@perplexica/http';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { type Embedder, EmbeddingError } from './embedder.ts';
import { normalize } from './vectors.ts';

export interface OpenAIEmbedderConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Providers cap inputs per call (OpenAI: 2048); batches stay well under. */
const BATCH = 128;

async function inBatches(
  texts: string[],
  embedBatch: (batch: string[]) => Promise<number[][]>,
): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += BATCH) {
    const batch = texts.slice(start, start + BATCH);
    const reply = await embedBatch(batch);
    if (reply.length !== batch.length) {
      throw new EmbeddingError(
        `The embedding provider returned ${reply.length} vectors for ${batch.length} texts`,
      );
    }
    for (const vector of reply) vectors.push(normalize(Float32Array.from(vector)));
  }
  return vectors;
}

/** OpenAI (or any OpenAI-compatible server) embeddings through the official client. */
export function createOpenAIEmbedder(config: OpenAIEmbedderConfig): Embedder {
  const client = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey || 'not-needed',
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    fetch: createUndiciFetch(),
  });
  return {
    model: `openai:${config.model}`,
    embed: (texts, signal) =>
      inBatches(texts, async (batch) => {
        try {
          const reply = await client.embeddings.create({ model: config.model, input: batch }, { signal });
          return [...reply.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
        } catch (error) {
          if (signal?.aborted) throw error;
          throw new EmbeddingError(`OpenAI embeddings failed: ${(error as Error).message}`, { cause: error });
        }
      }),
  };
}

export interface OllamaEmbedderConfig {
  url: string;
  model: string;
}

/** A local Ollama's embeddings through the official client. */
export function createOllamaEmbedder(config: OllamaEmbedderConfig): Embedder {
  const client = new Ollama({ host: config.url, fetch: createUndiciFetch() as typeof fetch });
  return {
    model: `ollama:${config.model}`,
    embed: (texts, signal) =>
      inBatches(texts, async (batch) => {
        if (signal?.aborted) throw signal.reason;
        try {
          const reply = await client.embed({ model: config.model, input: batch });
          return reply.embeddings;
        } catch (error) {
          throw new EmbeddingError(`Ollama embeddings failed: ${(error as Error).message}`, { cause: error });
        }
      }),
  };
}
