import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
  waitForQueueIdle,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { memoryConfigSchema } from '../src/config.ts';
import { memoryMigrations } from '../src/db/migrations.ts';
import type { MemoryDatabase } from '../src/db/schema.ts';
import { createExtractQueue, type ExtractQueue, startExtractWorker } from '../src/extraction/queue.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

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
  const prepared = await prepareServiceUnderTest({
    service: 'memory-svc',
    configSchema: memoryConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<MemoryDatabase>,
      migrate: migrateToLatest,
      migrations: memoryMigrations,
    },
    env: {
      // Memory is off by default in production; most tests are about what it does when on.
      MEMORY_DEFAULT_ENABLED: 'true',
      EXTRACT_BACKOFF_MS: '200',
      ...env,
    },
  });
  const queue = createExtractQueue(prepared.config);
  const deps = { ...prepared.deps, queue };
  let worker = withWorker ? startExtractWorker(deps) : null;
  const served = await prepared.serve(createApp(deps), {
    async close() {
      await worker?.close();
      await queue.close();
    },
  });
  return {
    url: served.url,
    database: prepared.database,
    queue,
    logs: prepared.logs,
    startWorker() {
      worker ??= startExtractWorker(deps);
    },
    token: prepared.token,
    jobsSettled: (timeoutMs = 15_000) => waitForQueueIdle(queue, timeoutMs),
    close: served.close,
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
