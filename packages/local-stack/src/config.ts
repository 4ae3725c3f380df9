import { resolve } from 'node:path';
import { port, urlWith } from '@perplexica/config';
import { z } from 'zod';

/** The repository root: services/, packages/ and web/ are found from here. */
export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/**
 * What `pnpm start` reads from its environment, parsed once. Everything else in the environment
 * (LLM keys, LOG_LEVEL, RATE_LIMITS, ...) passes through to the services, which parse their own.
 */
export const localStackEnv = z.object({
  POSTGRES_URL: urlWith('postgres', 'postgresql').optional(),
  REDIS_URL: urlWith('redis', 'rediss').optional(),
  /** An S3-compatible store (MinIO) as a URL, e.g. http://minio:9000; else one is started locally. */
  MINIO_ENDPOINT: urlWith('http', 'https').optional(),
  MINIO_ACCESS_KEY: z.string().optional(),
  MINIO_SECRET_KEY: z.string().optional(),
  SEARXNG_URL: z.string().optional(),
  LLM_PROVIDER: z.enum(['openai', 'ollama', 'extractive']).optional(),
  // Read only to say in the ready line which model answers; chat-svc parses them for real.
  OPENAI_BASE_URL: z.string().optional(),
  OPENAI_CHAT_MODEL: z.string().optional(),
  OLLAMA_URL: z.string().optional(),
  OLLAMA_CHAT_MODEL: z.string().optional(),
  /** The one port of the whole product (gateway and web app). */
  GATEWAY_PORT: port(8080),
  /** Added to every local port (services, gateway): run a second stack beside the first. */
  PERPLEXICA_PORT_OFFSET: z.coerce.number().int().min(0).max(55_000).default(0),
  /** Where the local state lives (Postgres data, keys, objects); git-ignored. */
  PERPLEXICA_DATA_DIR: z.string().default(resolve(repoRoot, '.data')),
  LOG_LEVEL: z.string().default('info'),
  /** "true" skips building the web app (tests and benchmarks that do not open it). */
  PERPLEXICA_SKIP_WEB_BUILD: z.stringbool().default(false),
  /**
   * "true" runs each service's src/main.ts as is (Node strips the types) instead of a bundle made
   * at start: slower to start and ~17 MB more per process, but no build step between an edit and
   * a restart of one service.
   */
  PERPLEXICA_RUN_SOURCES: z.stringbool().default(false),
});

export type LocalStackEnv = z.infer<typeof localStackEnv>;
