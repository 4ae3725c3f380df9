import { loadConfig } from '@perplexica/config';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  captureLogs,
  freshRedisPrefix,
  freshSchema,
  generateSigningKeyPair,
  listen,
  signTestAccessToken,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { memoryConfigSchema } from '../src/config.ts';
import { memoryMigrations } from '../src/db/migrations.ts';
import type { MemoryDatabase } from '../src/db/schema.ts';
import { createExtractQueue, type ExtractQueue, startExtractWorker } from '../src/extraction/queue.ts';

export const SERVICE_TOKEN = 'test-service-token-0123456789abcdef';

export interface TokenOptions {
  orgId?: string;
  orgRole?: 'owner' | 'member';
  role?: 'user' | 'admin';
}

export interface MemoryServiceUnderTest {
  url: string;
  database: ReturnType<typeof createDatabase<MemoryDatabase>>;
  queue: ExtractQueue;
  logs: CapturedLogs;
  /** A valid access token for the user, signed with the key this instance trusts. */
  token(userId: string, options?: TokenOptions): Promise<string>;
  /** Starts the extraction worker of an instance started with `{ worker: false }`. */
  startWorker(): void;
  /** Resolves once no extraction job is waiting, delayed or running (bounded wait). */
  jobsSettled(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real memory-svc on a free port, with its extraction worker, against the machine's Postgres
 * (a fresh schema) and Redis (a fresh prefix), configured through the same zod schema as in
 * production.
 */
export async function startMemoryService(
  env: Record<string, string> = {},
  { worker: withWorker = true } = {},
): Promise<MemoryServiceUnderTest> {
  const schema = await freshSchema('memory');
  const redisPrefix = freshRedisPrefix('memory');
  const { privateKeyPem, publicKeyPem } = generateSigningKeyPair();
  const config = loadConfig(memoryConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    POSTGRES_URL: schema.url,
    DB_SCHEMA: schema.schema,
    REDIS_URL: redisPrefix.url,
    REDIS_KEY_PREFIX: redisPrefix.prefix,
    SERVICE_TOKEN,
    JWT_PUBLIC_KEY: publicKeyPem,
    // Memory is off by default in production; most tests are about what it does when on.
    MEMORY_DEFAULT_ENABLED: 'true',
    EXTRACT_BACKOFF_MS: '200',
    ...env,
  });
  const logs = captureLogs();
  const logger = createLogger({ service: 'memory-svc', level: config.LOG_LEVEL, destination: logs.stream });
  const database = createDatabase<MemoryDatabase>({
    url: config.POSTGRES_URL,
    schema: config.DB_SCHEMA,
    poolMax: 5,
  });
  await migrateToLatest(database.db, config.DB_SCHEMA, memoryMigrations);
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  const queue = createExtractQueue(config);
  const deps = { config, logger, database, redis, queue };
  let worker = withWorker ? startExtractWorker(deps) : null;
  const server = await listen(createApp(deps));
  return {
    url: server.url,
    database,
    queue,
    logs,
    startWorker() {
      worker ??= startExtractWorker(deps);
    },
    token: (userId, options = {}) => signTestAccessToken({ privateKeyPem, userId, ...options }),
    async jobsSettled(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).every((count) => count === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`extraction jobs still pending after ${timeoutMs} ms`);
    },
    async close() {
      await server.close();
      await worker?.close();
      await queue.close();
      await database.close();
      redis.disconnect();
      await redisPrefix.clear();
      await schema.drop();
    },
  };
}

export type { JsonResponse } from '@perplexica/testing';
export { call };

/** The signed-in user's side: the public memory routes. */
export function memoryClient(base: string, token: string) {
  const memories = `${base}/api/v1/memory`;
  return {
    list: (query = '') => call(`${memories}${query ? `?${query}` : ''}`, { token }),
    create: (text: unknown) => call(memories, { method: 'POST', body: { text }, token }),
    get: (id: string) => call(`${memories}/${id}`, { token }),
    patch: (id: string, body: unknown) => call(`${memories}/${id}`, { method: 'PATCH', body, token }),
    remove: (id: string) => call(`${memories}/${id}`, { method: 'DELETE', token }),
    forgetAll: () => call(memories, { method: 'DELETE', token }),
    settings: () => call(`${memories}/settings`, { token }),
    putSettings: (body: unknown) => call(`${memories}/settings`, { method: 'PUT', body, token }),
    org: {
      list: () => call(`${memories}/org`, { token }),
      create: (text: unknown) => call(`${memories}/org`, { method: 'POST', body: { text }, token }),
      get: (id: string) => call(`${memories}/org/${id}`, { token }),
      patch: (id: string, body: unknown) => call(`${memories}/org/${id}`, { method: 'PATCH', body, token }),
      remove: (id: string) => call(`${memories}/org/${id}`, { method: 'DELETE', token }),
      settings: () => call(`${memories}/org/settings`, { token }),
      putSettings: (body: unknown) => call(`${memories}/org/settings`, { method: 'PUT', body, token }),
    },
  };
}

/** chat-svc's side of the contract: the internal routes, with the service token. */
export function chatSvc(base: string) {
  const internal = `${base}/internal/v1`;
  return {
    recall: (body: unknown) => call(`${internal}/recall`, { body, serviceToken: SERVICE_TOKEN }),
    extract: (body: unknown) => call(`${internal}/extract`, { body, serviceToken: SERVICE_TOKEN }),
  };
}

/** What chat-svc sends after an answer. */
export const extractBody = (userId: string, question: string, extra: Record<string, unknown> = {}) => ({
  userId,
  orgId: null,
  threadId: '7c1e2a34-5b6d-4e8f-9a0b-1c2d3e4f5a6b',
  question,
  answer: 'An answer the model gave [1].',
  ...extra,
});
