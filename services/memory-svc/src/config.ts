import { flag, jwtEnv, kitEnv, positiveInt, postgresEnv, redisEnv, serviceAuthEnv } from '@perplexica/config';
import { embeddingEnv } from '@perplexica/embeddings';
import { llmEnv } from '@perplexica/llm';
import { z } from 'zod';

/** A score between 0 and 1, from a string. */
const fraction = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

/**
 * Every variable memory-svc reads, parsed once at boot (see README for each). The embedding
 * variables come from @perplexica/embeddings and share OPENAI_BASE_URL, OPENAI_API_KEY and
 * OLLAMA_URL with the extraction model.
 */
export const memoryConfigSchema = z.object({
  ...kitEnv(3010),
  ...postgresEnv,
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  ...embeddingEnv,
  // chat-svc sends the whole answer with each extraction request (up to 200k characters).
  BODY_LIMIT_BYTES: positiveInt(2_097_152),
  DB_SCHEMA: z.string().default('memory'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:memory:'),

  /** Whether memory is on for a user who never chose and whose org has no default. */
  MEMORY_DEFAULT_ENABLED: flag(false),
  /** Personal memories one user may keep; a POST beyond it is 409. */
  MEMORY_MAX_PER_USER: positiveInt(500),
  /** Org facts one organization may keep. */
  MEMORY_MAX_PER_ORG: positiveInt(500),
  /** Recall drops memories scoring below this (0..1), so an unrelated question recalls nothing. */
  RECALL_MIN_SCORE: fraction(0.25),
  /** "Forget that …" deletes the closest memory only when it scores at least this. */
  FORGET_MIN_SCORE: fraction(0.5),

  /** Who extracts memories after an answer: a model, or the rule for explicit "remember that …". */
  // The provider client retries MODEL_MAX_RETRIES times; the job itself is retried by BullMQ on top.
  ...llmEnv,

  /** Run the extraction worker in this process (turn off for API-only replicas). */
  EXTRACT_WORKER: flag(true),
  EXTRACT_CONCURRENCY: positiveInt(4),
  /** Tries of one extraction job, with exponential backoff from EXTRACT_BACKOFF_MS. */
  EXTRACT_ATTEMPTS: positiveInt(5),
  EXTRACT_BACKOFF_MS: positiveInt(1_000),
});

export type MemoryConfig = z.infer<typeof memoryConfigSchema>;
