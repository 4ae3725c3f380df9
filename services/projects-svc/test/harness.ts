import type { AuditSink } from '@perplexica/audit';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  freePort,
  type JsonResponse,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import {
  type AuthServiceUnderTest,
  signUp as signUpWith,
  startAuthService,
  uniqueEmail,
} from '../../auth-svc/test/harness.ts';
import { type LibraryServiceUnderTest, startLibraryService } from '../../library-svc/test/harness.ts';
import { type SearchServiceUnderTest, startSearchService } from '../../search-svc/test/harness.ts';
import { startUploadService, type UploadServiceUnderTest } from '../../upload-svc/test/harness.ts';
import { buildContext, createApp } from '../src/app.ts';
import { projectsConfigSchema } from '../src/config.ts';
import { createSyncQueue, type SyncQueue } from '../src/connectors/sync-queue.ts';
import { type SyncWorker, startSyncWorker } from '../src/connectors/sync-worker.ts';
import { projectsMigrations } from '../src/db/migrations.ts';
import type { ProjectsDatabase } from '../src/db/schema.ts';

// Every harness in the repo uses this token for internal routes, so our services trust each other.
export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;
/** Where nothing listens: a neighbour a test did not start. */
const NOWHERE = 'http://127.0.0.1:9';

export interface StackOptions {
  /** Start search-svc, allowed to reach these private host:port pairs (the test's own website). */
  search?: { allowPrivateHosts: string[] };
  /** Start upload-svc (with its worker and an S3-compatible store). */
  upload?: boolean;
  /** Extra projects-svc variables. */
  env?: Record<string, string>;
  /** Where projects-svc's audit events go; discarded unless a test captures them. */
  audit?: AuditSink;
}

export interface ProjectsStack {
  /** projects-svc */
  url: string;
  database: ReturnType<typeof createDatabase<ProjectsDatabase>>;
  logs: CapturedLogs;
  syncs: SyncQueue;
  /** Resolves once the worker put lost schedules back. */
  reconciled: Promise<void>;
  /** Another sync worker on the same queue (as a second replica, or this one restarted). */
  startWorker(): SyncWorker;
  auth: AuthServiceUnderTest;
  library: LibraryServiceUnderTest;
  search: SearchServiceUnderTest | null;
  upload: UploadServiceUnderTest | null;
  /** An access token as auth-svc would sign it, for any user id (and organization). */
  token(userId: string, orgId?: string | null): Promise<string>;
  /** A real account in auth-svc (so it can be added to a space by email), with its token. */
  signUp(): Promise<{ id: string; email: string; token: string }>;
  close(): Promise<void>;
}

/**
 * A real projects-svc on a free port with its sync worker, against the machine's Postgres (a fresh
 * schema) and Redis (a fresh prefix), beside real auth-svc and library-svc and, when asked, real
 * search-svc and upload-svc, each started through its own harness. Every service trusts the
 * tokens auth-svc signs.
 */
export async function startProjectsStack(options: StackOptions = {}): Promise<ProjectsStack> {
  const auth = await startAuthService({ LOG_LEVEL: 'warn' });
  const keys = { privateKeyPem: auth.privateKeyPem, publicKeyPem: auth.publicKeyPem };
  // Chosen first: upload-svc asks projects-svc about space access, so it must know where we are.
  const port = await freePort();
  const [library, search, upload] = await Promise.all([
    startLibraryService({ LOG_LEVEL: 'warn' }),
    options.search
      ? startSearchService({
          SEARXNG_URL: '',
          LOG_LEVEL: 'warn',
          FETCH_ALLOW_PRIVATE_HOSTS: options.search.allowPrivateHosts.join(','),
          FETCH_TIMEOUT_MS: '2000',
        })
      : null,
    options.upload
      ? startUploadService({
          keys,
          env: { LOG_LEVEL: 'warn', PROJECTS_SERVICE_URL: `http://127.0.0.1:${port}` },
        })
      : null,
  ]);

  const prepared = await prepareServiceUnderTest({
    service: 'projects-svc',
    configSchema: projectsConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<ProjectsDatabase>,
      migrate: migrateToLatest,
      migrations: projectsMigrations,
    },
    keys,
    env: {
      AUTH_SERVICE_URL: auth.url,
      LIBRARY_SERVICE_URL: library.url,
      SEARCH_SERVICE_URL: search?.url ?? NOWHERE,
      UPLOAD_SERVICE_URL: upload?.url ?? NOWHERE,
      UPSTREAM_TIMEOUT_MS: '5000',
      ...options.env,
    },
  });
  const { config, logger } = prepared;
  const queueConfig = { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
  const syncs = createSyncQueue(queueConfig);
  const deps = { ...prepared.deps, syncs, ...(options.audit ? { audit: options.audit } : {}) };
  const ctx = buildContext(deps);
  const workers: SyncWorker[] = [];
  const startWorker = () => {
    const worker = startSyncWorker({
      db: ctx.db,
      connectors: ctx.connectors,
      tools: ctx.tools,
      upload: ctx.upload,
      logger,
      staleMinutes: config.SYNC_STALE_MINUTES,
      syncs,
      queueConfig,
      concurrency: config.SYNC_CONCURRENCY,
    });
    workers.push(worker);
    return worker;
  };
  const worker = startWorker();
  const served = await prepared.serve(createApp(deps, ctx), {
    port,
    async close() {
      await Promise.all(workers.map((running) => running.close()));
      await syncs.close();
    },
  });

  return {
    url: served.url,
    database: prepared.database,
    logs: prepared.logs,
    syncs,
    reconciled: worker.reconciled,
    startWorker,
    auth,
    library,
    search,
    upload,
    token: (userId, orgId = null) => prepared.token(userId, orgId ? { orgId } : {}),
    async signUp() {
      const email = uniqueEmail('projects.test');
      const account = await signUpWith(auth.url, email);
      return { id: account.user.id, email, token: account.accessToken };
    },
    async close() {
      await served.close();
      await Promise.allSettled([auth.close(), library.close(), search?.close(), upload?.close()]);
    },
  };
}

export { call, type JsonResponse };

/** The signed-in user's side of the public API. */
export function projectsClient(base: string, token: string) {
  const api = `${base}/api/v1`;
  const as = (path: string, init: { method?: string; body?: unknown } = {}) =>
    call(`${api}${path}`, { ...init, token });
  return {
    createSpace: (body: unknown) => as('/projects', { method: 'POST', body }),
    listSpaces: () => as('/projects'),
    getSpace: (id: string) => as(`/projects/${id}`),
    patchSpace: (id: string, body: unknown) => as(`/projects/${id}`, { method: 'PATCH', body }),
    deleteSpace: (id: string) => as(`/projects/${id}`, { method: 'DELETE' }),
    members: (id: string) => as(`/projects/${id}/members`),
    addMember: (id: string, body: unknown) => as(`/projects/${id}/members`, { method: 'POST', body }),
    patchMember: (id: string, userId: string, body: unknown) =>
      as(`/projects/${id}/members/${userId}`, { method: 'PATCH', body }),
    removeMember: (id: string, userId: string) =>
      as(`/projects/${id}/members/${userId}`, { method: 'DELETE' }),

    createCollection: (body: unknown) => as('/collections', { method: 'POST', body }),
    listCollections: () => as('/collections'),
    getCollection: (id: string) => as(`/collections/${id}`),
    patchCollection: (id: string, body: unknown) => as(`/collections/${id}`, { method: 'PATCH', body }),
    deleteCollection: (id: string) => as(`/collections/${id}`, { method: 'DELETE' }),
    addThread: (id: string, threadId: string) =>
      as(`/collections/${id}/threads`, { method: 'POST', body: { threadId } }),
    removeThread: (id: string, threadId: string) =>
      as(`/collections/${id}/threads/${threadId}`, { method: 'DELETE' }),
    reorder: (id: string, threadIds: unknown) =>
      as(`/collections/${id}/order`, { method: 'PUT', body: { threadIds } }),
    share: (id: string) => as(`/collections/${id}/share`, { method: 'POST' }),
    unshare: (id: string) => as(`/collections/${id}/share`, { method: 'DELETE' }),

    createConnector: (body: unknown) => as('/connectors', { method: 'POST', body }),
    listConnectors: (spaceId: string) => as(`/connectors?spaceId=${spaceId}`),
    getConnector: (id: string) => as(`/connectors/${id}`),
    patchConnector: (id: string, body: unknown) => as(`/connectors/${id}`, { method: 'PATCH', body }),
    deleteConnector: (id: string) => as(`/connectors/${id}`, { method: 'DELETE' }),
    syncConnector: (id: string) => as(`/connectors/${id}/sync`, { method: 'POST' }),
  };
}

export type ProjectsClient = ReturnType<typeof projectsClient>;

/** chat-svc's and upload-svc's side: may this user use this space? */
export const spaceAccess = (base: string, spaceId: string, userId: string, orgId?: string) =>
  call(
    `${base}/internal/v1/spaces/${spaceId}/access?${new URLSearchParams({ userId, ...(orgId ? { orgId } : {}) })}`,
    { serviceToken: SERVICE_TOKEN },
  );

/** Polls until `done` says the answer is final, or gives up after `timeoutMs` (returns the last). */
export async function pollUntil(
  read: () => Promise<JsonResponse>,
  done: (response: JsonResponse) => boolean,
  timeoutMs = 20_000,
): Promise<JsonResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await read();
    if (done(response) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Expects the one error shape with this status and code. */
export function errorOf(response: JsonResponse): { status: number; code: string | undefined } {
  return { status: response.status, code: response.body?.error?.code };
}
