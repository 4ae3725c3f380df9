import { randomUUID } from 'node:crypto';
import type { AuditSink } from '@perplexica/audit';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { libraryConfigSchema } from '../src/config.ts';
import { libraryMigrations } from '../src/db/migrations.ts';
import type { LibraryDatabase } from '../src/db/schema.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

export interface LibraryServiceUnderTest {
  url: string;
  database: ReturnType<typeof createDatabase<LibraryDatabase>>;
  logs: CapturedLogs;
  /** A valid access token for the user, signed with the key this instance trusts. */
  userToken(userId: string, orgId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real library-svc on a free port, against the machine's Postgres (a fresh schema) and Redis
 * (a fresh prefix), configured through the same zod schema as in production.
 */
export async function startLibraryService(
  env: Record<string, string> = {},
  /** Where its audit events go; discarded unless a test captures them. */
  { audit }: { audit?: AuditSink } = {},
): Promise<LibraryServiceUnderTest> {
  const prepared = await prepareServiceUnderTest({
    service: 'library-svc',
    configSchema: libraryConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<LibraryDatabase>,
      migrate: migrateToLatest,
      migrations: libraryMigrations,
    },
    env,
  });
  const served = await prepared.serve(createApp({ ...prepared.deps, ...(audit ? { audit } : {}) }));
  return {
    url: served.url,
    database: prepared.database,
    logs: prepared.logs,
    userToken: (userId, orgId) => prepared.token(userId, orgId ? { orgId } : {}),
    close: served.close,
  };
}

export type { JsonResponse } from '@perplexica/testing';
export { call };

/** What chat-svc sends to create a thread. */
export const threadBody = (userId: string, extra: Record<string, unknown> = {}) => ({
  userId,
  title: 'What is the boiling point of water?',
  mode: 'balanced',
  focus: 'web',
  ...extra,
});

/** What chat-svc sends to save a finished answer. */
export const messageBody = (userId: string, extra: Record<string, unknown> = {}) => ({
  userId,
  query: 'What is the boiling point of water?',
  answer: 'Water boils at 100 °C at sea level [1].',
  sources: [
    { index: 1, title: 'Boiling point', url: 'https://example.org/boiling', snippet: 'At sea level…' },
  ],
  related: ['Why does water boil at lower temperatures at altitude?'],
  mode: 'balanced',
  focus: 'web',
  model: 'gpt-4o-mini',
  status: 'complete',
  usage: { promptTokens: 120, completionTokens: 40 },
  timings: { searchMs: 310, firstTokenMs: 820, totalMs: 2400 },
  ...extra,
});

/** chat-svc's side of the contract: the internal routes, with the service token. */
export function chatSvc(base: string) {
  const internal = `${base}/internal/v1`;
  return {
    putThread: (threadId: string, body: unknown) =>
      call(`${internal}/threads/${threadId}`, { method: 'PUT', body, serviceToken: SERVICE_TOKEN }),
    getThread: (threadId: string, userId: string) =>
      call(`${internal}/threads/${threadId}?userId=${encodeURIComponent(userId)}`, {
        serviceToken: SERVICE_TOKEN,
      }),
    putMessage: (threadId: string, messageId: string, body: unknown) =>
      call(`${internal}/threads/${threadId}/messages/${messageId}`, {
        method: 'PUT',
        body,
        serviceToken: SERVICE_TOKEN,
      }),
    /** A thread with one complete answer, as after a user's first question. */
    async answeredThread(userId: string, extra: { title?: string; query?: string; answer?: string } = {}) {
      const threadId = randomUUID();
      const messageId = randomUUID();
      const thread = await this.putThread(
        threadId,
        threadBody(userId, extra.title ? { title: extra.title } : {}),
      );
      if (thread.status !== 201) throw new Error(`thread: ${thread.status} ${JSON.stringify(thread.body)}`);
      const message = await this.putMessage(
        threadId,
        messageId,
        messageBody(userId, {
          ...(extra.query ? { query: extra.query } : {}),
          ...(extra.answer ? { answer: extra.answer } : {}),
        }),
      );
      if (message.status !== 201)
        throw new Error(`message: ${message.status} ${JSON.stringify(message.body)}`);
      return { threadId, messageId };
    },
  };
}

/** The signed-in user's side: the public library routes. */
export function libraryClient(base: string, token: string) {
  const threads = `${base}/api/v1/library/threads`;
  return {
    list: (query = '') => call(`${threads}${query ? `?${query}` : ''}`, { token }),
    get: (id: string) => call(`${threads}/${id}`, { token }),
    patch: (id: string, body: unknown) => call(`${threads}/${id}`, { method: 'PATCH', body, token }),
    remove: (id: string) => call(`${threads}/${id}`, { method: 'DELETE', token }),
    share: (id: string) => call(`${threads}/${id}/share`, { method: 'POST', token }),
    unshare: (id: string) => call(`${threads}/${id}/share`, { method: 'DELETE', token }),
  };
}

export const readShared = (base: string, shareId: string) => call(`${base}/api/v1/library/shared/${shareId}`);
