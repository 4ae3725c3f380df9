import {
  flag,
  jwtEnv,
  kitEnv,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from '@perplexica/config';
import { llmEnv } from '@perplexica/llm';
import { objectStoreEnv } from '@perplexica/object-store';
import { z } from 'zod';

/**
 * Every variable create-svc reads, parsed once at boot (see README for each). The table model is
 * the repo's usual LLM_PROVIDER choice (@perplexica/llm); images always use OpenAI's images API
 * with OPENAI_BASE_URL and OPENAI_API_KEY, which the model variables share.
 */
export const createConfigSchema = z.object({
  ...kitEnv(3011),
  ...postgresEnv,
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  ...objectStoreEnv,
  ...llmEnv,
  // A table's CSV or JSON data arrives in the JSON body (up to TABLE_MAX_DATA_BYTES of it).
  BODY_LIMIT_BYTES: positiveInt(2 * 1024 * 1024),
  DB_SCHEMA: z.string().default('create'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:create:'),
  CREATE_BUCKET: z.string().min(3).default('perplexica-create'),

  /** library-svc, which owns threads; exports read them with the caller's own authorization. */
  LIBRARY_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3009'),
  LIBRARY_TIMEOUT_MS: positiveInt(10_000),

  /** CSV text or JSON rows a user may give, in bytes (as UTF-8); more is 413. */
  TABLE_MAX_DATA_BYTES: positiveInt(1024 * 1024),
  /** Rows one table (given or generated) may have; more is 413 (given) or refused (model). */
  TABLE_MAX_ROWS: positiveInt(2_000),
  /** Columns one table may have. */
  TABLE_MAX_COLUMNS: z.coerce.number().int().min(1).max(200).default(50),
  /** Characters of given data (as CSV) and of a thread's answer shown to the model. */
  TABLE_MODEL_CONTEXT_CHARS: positiveInt(60_000),

  /** The images model; GPT image models answer base64, DALL·E ones are asked for base64. */
  OPENAI_IMAGE_MODEL: z.string().default('gpt-image-1'),
  /** How long one images API call may take (they are slow: tens of seconds). */
  IMAGE_TIMEOUT_MS: positiveInt(120_000),
  /** Largest image accepted from the provider, in bytes. */
  IMAGE_MAX_BYTES: positiveInt(20 * 1024 * 1024),
  /** How long a presigned image link works, in seconds. */
  IMAGE_URL_SECONDS: positiveInt(300),
  /** Run the image worker in this process (turn off for API-only replicas). */
  IMAGE_WORKER: flag(true),
  IMAGE_CONCURRENCY: positiveInt(2),
  /** Tries of one image job, with exponential backoff from IMAGE_BACKOFF_MS (paid: keep it low). */
  IMAGE_ATTEMPTS: positiveInt(3),
  IMAGE_BACKOFF_MS: positiveInt(2_000),

  /**
   * A TrueType font with the scripts exports need (Cyrillic, Greek, …); PDF's built-in fonts only
   * cover Latin-1. When the file is missing, PDFs fall back to Helvetica and say so in the log.
   */
  PDF_FONT_PATH: z.string().default('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'),
  PDF_BOLD_FONT_PATH: z.string().default('/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'),
});

export type CreateConfig = z.infer<typeof createConfigSchema>;
