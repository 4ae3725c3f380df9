import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditSink } from '@perplexica/audit';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { type FakeOpenAI, startFakeOpenAI } from '@perplexica/fakes';
import { startLocalObjectStore } from '@perplexica/local-stack/object-store';
import { createObjectStore, type ObjectStore } from '@perplexica/object-store';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  generateSigningKeyPair,
  type JsonResponse,
  type PemKeyPair,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
  waitForQueueIdle,
} from '@perplexica/testing';
import type { Worker } from 'bullmq';
import {
  chatSvc,
  type LibraryServiceUnderTest,
  startLibraryService,
} from '../../library-svc/test/harness.ts';
import { createApp } from '../src/app.ts';
import { createConfigSchema } from '../src/config.ts';
import { createMigrations } from '../src/db/migrations.ts';
import type { CreateDatabase } from '../src/db/schema.ts';
import type { CreateDeps } from '../src/deps.ts';
import { createImageGenerator } from '../src/images/image-generator.ts';
import { createImageQueue, type ImageQueue, startImageWorker } from '../src/images/image-queue.ts';

// Every harness in the repo uses this token for internal routes, so our services trust each other.
export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

export interface CreateServiceUnderTest {
  url: string;
  database: ReturnType<typeof createDatabase<CreateDatabase>>;
  store: ObjectStore;
  images: ImageQueue;
  logs: CapturedLogs;
  /** A valid access token for the user, signed with the key this instance trusts. */
  token(userId: string, orgId?: string): Promise<string>;
  /** Resolves once no image job is waiting, delayed or running (bounded wait). */
  jobsSettled(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface CreateServiceOptions {
  env?: Record<string, string>;
  /** Trust tokens signed with this key pair (shared with a library-svc the test starts). */
  keys?: PemKeyPair;
  /** Run the image worker (default true). */
  worker?: boolean;
  /** Deps that replace the configured ones (a PDF font set, a model, …). */
  deps?: Partial<Pick<CreateDeps, 'pdfFonts' | 'tableModel' | 'imageGenerator' | 'audit'>> & {
    audit?: AuditSink;
  };
}

/**
 * A real create-svc on a free port with its image worker, against the machine's Postgres (a fresh
 * schema) and Redis (a fresh prefix), and s3rver, an S3-compatible server, as the object store.
 * No model and no OpenAI key unless the env says so; library-svc only where a test starts one.
 */
export async function startCreateService(
  options: CreateServiceOptions = {},
): Promise<CreateServiceUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'create-svc-'));
  const objects = await startLocalObjectStore({ configured: {}, dataDir });
  const prepared = await prepareServiceUnderTest({
    service: 'create-svc',
    configSchema: createConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<CreateDatabase>,
      migrate: migrateToLatest,
      migrations: createMigrations,
    },
    keys: options.keys,
    env: {
      AUTH_SERVICE_URL: 'http://127.0.0.1:9',
      MINIO_ENDPOINT: objects.endpoint,
      MINIO_ACCESS_KEY: objects.accessKey,
      MINIO_SECRET_KEY: objects.secretKey,
      CREATE_BUCKET: 'create-test',
      // Nothing listens there unless a test starts library-svc and says where.
      LIBRARY_SERVICE_URL: 'http://127.0.0.1:9',
      LIBRARY_TIMEOUT_MS: '5000',
      MODEL_MAX_RETRIES: '0',
      MODEL_TIMEOUT_MS: '5000',
      IMAGE_BACKOFF_MS: '50',
      // Tests make many artifacts quickly; the budgets have their own test.
      RATE_LIMITS: 'generate=1000/60s,default=5000/60s',
      ...options.env,
    },
  });
  const { config, logger, database } = prepared;
  const store = createObjectStore({
    endpoint: config.MINIO_ENDPOINT,
    accessKey: config.MINIO_ACCESS_KEY,
    secretKey: config.MINIO_SECRET_KEY,
    region: config.MINIO_REGION,
    bucket: config.CREATE_BUCKET,
  });
  await store.ensureBucket();
  const images = createImageQueue(config);
  // As main.ts does: the routes and the worker share one generator (null without a key).
  const generator =
    options.deps?.imageGenerator === undefined ? createImageGenerator(config) : options.deps.imageGenerator;
  const deps: CreateDeps = {
    ...prepared.deps,
    store,
    images,
    ...options.deps,
    imageGenerator: generator,
  };
  const app = createApp(deps);
  const worker: Worker | null =
    options.worker === false ? null : startImageWorker({ config, logger, db: database.db, store, generator });
  const served = await prepared.serve(app, {
    async close() {
      await worker?.close();
      await images.close();
    },
  });
  return {
    url: served.url,
    database,
    store,
    images,
    logs: prepared.logs,
    token: (userId, orgId) => prepared.token(userId, orgId ? { orgId } : {}),
    jobsSettled: (timeoutMs = 15_000) => waitForQueueIdle(images, timeoutMs),
    async close() {
      await served.close();
      await objects.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A real library-svc and a create-svc that reads threads from it, trusting the same tokens. */
export interface World {
  create: CreateServiceUnderTest;
  library: LibraryServiceUnderTest;
  openai: FakeOpenAI;
  close(): Promise<void>;
}

export async function startWorld(options: CreateServiceOptions & { openai?: boolean } = {}): Promise<World> {
  const keys = options.keys ?? generateSigningKeyPair();
  const library = await startLibraryService({ LOG_LEVEL: 'warn', JWT_PUBLIC_KEY: keys.publicKeyPem });
  const openai = await startFakeOpenAI();
  const create = await startCreateService({
    ...options,
    keys,
    env: {
      LIBRARY_SERVICE_URL: library.url,
      ...(options.openai
        ? {
            LLM_PROVIDER: 'openai',
            OPENAI_BASE_URL: `${openai.url}/v1`,
            OPENAI_API_KEY: 'sk-test',
          }
        : {}),
      ...options.env,
    },
  });
  return {
    create,
    library,
    openai,
    async close() {
      await Promise.allSettled([create.close(), library.close()]);
      await openai.close();
    },
  };
}

export interface SeedMessage {
  query: string;
  answer: string;
  sources: Array<{ index: number; title: string; url: string; snippet?: string }>;
}

/** A thread as chat-svc saves it in library-svc (its internal API), one PUT per answer. */
export async function seedThread(
  library: { url: string },
  userId: string,
  title: string,
  messages: SeedMessage[],
): Promise<string> {
  const chat = chatSvc(library.url);
  const threadId = randomUUID();
  for (const [turn, message] of messages.entries()) {
    const response = await chat.putMessage(threadId, randomUUID(), {
      userId,
      query: message.query,
      answer: message.answer,
      sources: message.sources,
      related: [],
      mode: 'balanced',
      focus: 'web',
      model: 'gpt-4o-mini',
      status: 'complete',
      ...(turn === 0 ? { thread: { title, mode: 'balanced', focus: 'web' } } : {}),
    });
    if (response.status !== 201)
      throw new Error(`seeding: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return threadId;
}

/** A raw download: status, headers and the body's bytes (JSON errors parsed too). */
export async function download(url: string, token?: string) {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: bytes.toString('utf8'),
    json: (isJson ? JSON.parse(bytes.toString('utf8')) : null) as any,
  };
}

/** The signed-in user's side: the public create routes. */
export function createClient(base: string, token: string) {
  const create = `${base}/api/v1/create`;
  return {
    table: (body: unknown) => call(`${create}/tables`, { body, token }),
    dashboard: (body: unknown) => call(`${create}/dashboards`, { body, token }),
    image: (body: unknown) => call(`${create}/images`, { body, token }),
    list: (query = '') => call(`${create}/artifacts${query ? `?${query}` : ''}`, { token }),
    get: (id: string) => call(`${create}/artifacts/${id}`, { token }),
    remove: (id: string) => call(`${create}/artifacts/${id}`, { method: 'DELETE', token }),
    content: (id: string) => download(`${create}/artifacts/${id}/content`, token),
    exportThread: (threadId: string, format: string) =>
      download(`${base}/api/v1/export/threads/${threadId}?format=${format}`, token),
  };
}

/** Polls an artifact until it is no longer pending (bounded: 15 s). */
export async function waitUntilSettled(
  client: ReturnType<typeof createClient>,
  id: string,
): Promise<JsonResponse> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await client.get(id);
    if (answer.status !== 200 || answer.body.artifact.status !== 'pending' || Date.now() > deadline)
      return answer;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export { call, type JsonResponse };
