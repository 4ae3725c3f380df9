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
import { embeddingEnv } from '@perplexica/embeddings';
import { objectStoreEnv } from '@perplexica/object-store';
import { z } from 'zod';

/** Every variable upload-svc reads, parsed once at boot (see README for each). */
export const uploadConfigSchema = z.object({
  ...kitEnv(3007),
  ...postgresEnv,
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  ...objectStoreEnv,
  ...embeddingEnv,
  // Connector documents arrive as JSON of up to MAX_DOCUMENT_CHARS; file uploads stream apart.
  BODY_LIMIT_BYTES: positiveInt(8 * 1024 * 1024),
  DB_SCHEMA: z.string().default('upload'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:upload:'),
  UPLOAD_BUCKET: z.string().min(3).default('perplexica-uploads'),
  /** Largest file accepted, in bytes (25 MB); bigger uploads get 413 and nothing is kept. */
  UPLOAD_MAX_BYTES: positiveInt(25 * 1024 * 1024),
  /** How long a download link works. */
  DOWNLOAD_URL_SECONDS: positiveInt(300),
  /** Space access is projects-svc's to decide. */
  PROJECTS_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3006'),
  PROJECTS_TIMEOUT_MS: positiveInt(5_000),
  /** Characters per chunk and how many of them the next chunk repeats, so no passage is cut in two. */
  CHUNK_CHARS: positiveInt(1_200),
  CHUNK_OVERLAP_CHARS: z.coerce.number().int().min(0).default(200),
  /** Text kept from one file; the rest of a huge file is not searched (status says so). */
  MAX_EXTRACTED_CHARS: positiveInt(5_000_000),
  /** Files parsed at once by this replica's worker. */
  PROCESS_CONCURRENCY: positiveInt(2),
  /** Run the processing worker in this process (turn off to run API and workers apart). */
  RUN_WORKER: flag(true),
  /** Memory for the per-scope vector cache that makes file search fast (MB). */
  VECTOR_CACHE_MB: positiveInt(64),
  /** Largest connector document accepted on the internal route, in characters. */
  MAX_DOCUMENT_CHARS: positiveInt(2_000_000),
});

export type UploadConfig = z.infer<typeof uploadConfigSchema>;
