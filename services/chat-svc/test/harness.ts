import type { AuditSink } from '@perplexica/audit';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import {
  type FakeOllama,
  type FakeOpenAI,
  type FakeSearxng,
  startFakeOllama,
  startFakeOpenAI,
  startFakeSearxng,
} from '@perplexica/fakes';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  type ListeningApp,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { createParser } from 'eventsource-parser';
import { type LibraryServiceUnderTest, startLibraryService } from '../../library-svc/test/harness.ts';
import { type SearchServiceUnderTest, startSearchService } from '../../search-svc/test/harness.ts';
import { createApp } from '../src/app.ts';
import { chatConfigSchema } from '../src/config.ts';
import { chatMigrations } from '../src/db/migrations.ts';
import type { ChatDatabase } from '../src/db/schema.ts';
import { createTaskQueue } from '../src/tasks/task-queue.ts';
import { startTaskWorker } from '../src/tasks/task-worker.ts';
import { createWebhookQueue } from '../src/webhooks/webhook-queue.ts';
import { startWebhookWorker } from '../src/webhooks/webhook-worker.ts';

// Every harness in the repo uses this token for internal routes, so our services trust each other.
export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

/** The world around chat-svc: real search-svc and library-svc, doubles for SearXNG and the models. */
export interface Neighbours {
  searxng: FakeSearxng;
  openai: FakeOpenAI;
  ollama: FakeOllama;
  search: SearchServiceUnderTest;
  library: LibraryServiceUnderTest;
  close(): Promise<void>;
}

export async function startNeighbours(): Promise<Neighbours> {
  const searxng = await startFakeSearxng();
  const openai = await startFakeOpenAI();
  const ollama = await startFakeOllama();
  const search = await startSearchService({
    SEARXNG_URL: searxng.url,
    FETCH_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'warn',
  });
  const library = await startLibraryService({ LOG_LEVEL: 'warn' });
  return {
    searxng,
    openai,
    ollama,
    search,
    library,
    async close() {
      await Promise.allSettled([search.close(), library.close()]);
      await Promise.allSettled([searxng.close(), openai.close(), ollama.close()]);
    },
  };
}

export interface ChatServiceUnderTest extends ListeningApp {
  logs: CapturedLogs;
  app: ReturnType<typeof createApp>;
  database: ReturnType<typeof createDatabase<ChatDatabase>>;
  /** Starts the Tasks worker (tests that run tasks ask for it; the rest leave the queue alone). */
  startTaskWorker(): void;
  /** Starts the webhook delivery worker (only webhook tests send deliveries). */
  startWebhookWorker(): void;
  token(userId?: string, orgId?: string): Promise<string>;
}

/** A real chat-svc on a free port with its own Redis prefix; env overrides the defaults below. */
export async function startChatService(
  neighbours: Neighbours,
  env: Record<string, string> = {},
  /** Trust tokens signed with this key pair (shared with other services a test starts). */
  sharedKeys?: { privateKeyPem: string; publicKeyPem: string },
  /** Where its audit events go; discarded unless a test captures them. */
  { audit }: { audit?: AuditSink } = {},
): Promise<ChatServiceUnderTest & { closeAll(): Promise<void> }> {
  const prepared = await prepareServiceUnderTest({
    service: 'chat-svc',
    configSchema: chatConfigSchema,
    createLogger,
    createRedis,
    database: { create: createDatabase<ChatDatabase>, migrate: migrateToLatest, migrations: chatMigrations },
    keys: sharedKeys,
    env: {
      AUTH_SERVICE_URL: 'http://127.0.0.1:9',
      NOTIFICATIONS_SERVICE_URL: 'http://127.0.0.1:9',
      // No billing-svc to meter quality answers (they run unmetered), no audit policy to ask.
      BILLING_SERVICE_URL: 'http://127.0.0.1:9',
      AUDIT_SERVICE_URL: 'http://127.0.0.1:9',
      SEARCH_SERVICE_URL: neighbours.search.url,
      LIBRARY_SERVICE_URL: neighbours.library.url,
      // Files, spaces and memories answer only where a test starts those services.
      UPLOAD_SERVICE_URL: 'http://127.0.0.1:9',
      PROJECTS_SERVICE_URL: 'http://127.0.0.1:9',
      MEMORY_SERVICE_URL: 'http://127.0.0.1:9',
      MEDIA_SERVICE_URL: 'http://127.0.0.1:9',
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${neighbours.openai.url}/v1`,
      OPENAI_API_KEY: 'test-key',
      OLLAMA_URL: neighbours.ollama.url,
      MODEL_MAX_RETRIES: '0',
      MODEL_TIMEOUT_MS: '2000',
      MODEL_IDLE_TIMEOUT_MS: '2000',
      CLIENT_GRACE_MS: '200',
      BODY_LIMIT_BYTES: '65536',
      ...env,
    },
  });
  const taskQueue = createTaskQueue(prepared.config);
  const webhookQueue = createWebhookQueue(prepared.config);
  const app = createApp({ ...prepared.deps, taskQueue, webhookQueue, ...(audit ? { audit } : {}) });
  let worker: ReturnType<typeof startTaskWorker> | null = null;
  let webhookWorker: ReturnType<typeof startWebhookWorker> | null = null;
  const served = await prepared.serve(app, {
    async close() {
      await worker?.close();
      await webhookWorker?.close();
      await taskQueue.close();
      await webhookQueue.close();
    },
  });
  return {
    ...served.listening,
    app,
    logs: prepared.logs,
    database: prepared.database,
    startTaskWorker() {
      const { context } = app;
      worker ??= startTaskWorker({
        ctx: context,
        tasks: context.tasks,
        scheduler: context.scheduler,
        notifications: context.notifications,
      });
    },
    startWebhookWorker() {
      webhookWorker ??= startWebhookWorker(app.context);
    },
    token: (userId = 'user-a', orgId?: string) => prepared.token(userId, orgId ? { orgId } : {}),
    async closeAll() {
      app.context.generations.abortAll('shutdown');
      await served.close();
    },
  };
}

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: any;
}

export interface SseResult {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** The JSON error body when the answer was refused before streaming. */
  body: any;
}

/**
 * Reads an SSE response into events with eventsource-parser, until the stream ends or `until`
 * says stop (the connection is then dropped, as a leaving browser would).
 */
export async function readSse(response: Response, until?: (event: SseEvent) => boolean): Promise<SseResult> {
  const events: SseEvent[] = [];
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      events,
      body: text ? JSON.parse(text) : null,
    };
  }
  let stop = false;
  const parser = createParser({
    onEvent(message) {
      const event = { id: message.id, event: message.event ?? 'message', data: JSON.parse(message.data) };
      events.push(event);
      if (until?.(event)) stop = true;
    },
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  while (!stop) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  if (stop) await reader.cancel();
  return { status: response.status, headers: response.headers, events, body: null };
}

export async function ask(
  chat: { url: string },
  token: string,
  body: unknown,
  until?: (event: SseEvent) => boolean,
): Promise<SseResult> {
  const response = await fetch(`${chat.url}/api/v1/chat`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return readSse(response, until);
}

export const answerText = (events: SseEvent[]) =>
  events
    .filter((event) => event.event === 'delta')
    .map((event) => event.data.text)
    .join('');

export const eventOf = (events: SseEvent[], name: string) => events.find((event) => event.event === name);

/** The thread as library-svc keeps it (internal route, as chat-svc itself reads it). */
export async function storedThread(library: { url: string }, threadId: string, userId: string) {
  const response = await fetch(
    `${library.url}/internal/v1/threads/${threadId}?userId=${encodeURIComponent(userId)}`,
    {
      headers: { 'x-service-token': SERVICE_TOKEN },
    },
  );
  return { status: response.status, body: (await response.json()) as any };
}
