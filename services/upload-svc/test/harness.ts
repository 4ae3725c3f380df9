import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditSink } from '@perplexica/audit';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createEmbedder } from '@perplexica/embeddings';
import { startLocalObjectStore } from '@perplexica/local-stack/object-store';
import { createObjectStore, type ObjectStore } from '@perplexica/object-store';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  type JsonResponse,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { uploadConfigSchema } from '../src/config.ts';
import { uploadConnectionSettings } from '../src/db/connection-settings.ts';
import { uploadMigrations } from '../src/db/migrations.ts';
import type { UploadDatabase } from '../src/db/schema.ts';
import { createFileQueue, startFileWorker } from '../src/processing/file-queue.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;
const samplesDir = join(dirname(fileURLToPath(import.meta.url)), 'samples');

export const sample = (name: string) => readFile(join(samplesDir, name));

export interface UploadServiceUnderTest {
  url: string;
  database: ReturnType<typeof createDatabase<UploadDatabase>>;
  store: ObjectStore;
  logs: CapturedLogs;
  userToken(userId: string, orgId?: string | null): Promise<string>;
  /** The signing key, for services started beside this one that must trust the same tokens. */
  keys: { privateKeyPem: string; publicKeyPem: string };
  /** What the same env gives other services: the object store, Postgres and Redis in use. */
  objectStoreEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface UploadServiceOptions {
  env?: Record<string, string>;
  /** Trust tokens signed with this key (when started beside projects-svc or chat-svc). */
  keys?: { privateKeyPem: string; publicKeyPem: string };
  /** Where its audit events go; discarded unless a test captures them. */
  audit?: AuditSink;
}

/**
 * A real upload-svc on a free port with its processing worker: the machine's Postgres (a fresh
 * schema) and Redis (a fresh prefix), and s3rver, an S3-compatible server, as the object store.
 */
export async function startUploadService(
  options: UploadServiceOptions = {},
): Promise<UploadServiceUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'upload-svc-'));
  const objects = await startLocalObjectStore({ configured: {}, dataDir });
  const prepared = await prepareServiceUnderTest({
    service: 'upload-svc',
    configSchema: uploadConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<UploadDatabase>,
      migrate: migrateToLatest,
      migrations: uploadMigrations,
      settings: uploadConnectionSettings,
    },
    keys: options.keys,
    env: {
      MINIO_ENDPOINT: objects.endpoint,
      MINIO_ACCESS_KEY: objects.accessKey,
      MINIO_SECRET_KEY: objects.secretKey,
      UPLOAD_BUCKET: 'uploads-test',
      // Nothing listens there unless a test starts projects-svc and says where.
      PROJECTS_SERVICE_URL: 'http://127.0.0.1:9',
      ...options.env,
    },
  });
  const { config, logger, database, keys } = prepared;
  const store = createObjectStore({
    endpoint: config.MINIO_ENDPOINT,
    accessKey: config.MINIO_ACCESS_KEY,
    secretKey: config.MINIO_SECRET_KEY,
    region: config.MINIO_REGION,
    bucket: config.UPLOAD_BUCKET,
  });
  await store.ensureBucket();
  const embedder = createEmbedder(config);
  const queueConfig = { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
  const files = createFileQueue(queueConfig);
  const worker = startFileWorker({
    config,
    db: database.db,
    store,
    embedder,
    logger,
    queueConfig,
    concurrency: config.PROCESS_CONCURRENCY,
    files,
  });
  const app = createApp({
    ...prepared.deps,
    store,
    files,
    embedder,
    ...(options.audit ? { audit: options.audit } : {}),
  });
  const served = await prepared.serve(app, {
    async close() {
      await worker.close();
      await files.close();
    },
  });
  return {
    url: served.url,
    database,
    store,
    logs: prepared.logs,
    keys,
    objectStoreEnv: {
      MINIO_ENDPOINT: objects.endpoint,
      MINIO_ACCESS_KEY: objects.accessKey,
      MINIO_SECRET_KEY: objects.secretKey,
    },
    userToken: (userId, orgId = null) => prepared.token(userId, orgId ? { orgId } : {}),
    async close() {
      await served.close();
      await objects.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export { call, type JsonResponse };

/** A browser-style multipart upload (FormData), as the web app sends it. */
export async function uploadFile(
  base: string,
  token: string,
  file: { name: string; bytes: Uint8Array | string; type?: string },
  spaceId?: string,
): Promise<JsonResponse> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([file.bytes as Uint8Array<ArrayBuffer> | string], {
      type: file.type ?? 'application/octet-stream',
    }),
    file.name,
  );
  const response = await fetch(`${base}/api/v1/upload${spaceId ? `?spaceId=${spaceId}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** Polls a file until its status is final (bounded: 20 s). */
export async function waitUntilProcessed(base: string, token: string, fileId: string): Promise<JsonResponse> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await call(`${base}/api/v1/upload/files/${fileId}`, { token });
    const status = answer.body?.file?.status;
    if (answer.status !== 200 || status === 'ready' || status === 'failed' || Date.now() > deadline)
      return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** chat-svc's side: the internal file search. */
export const searchFilesAs = (base: string, body: Record<string, unknown>) =>
  call(`${base}/internal/v1/search`, { method: 'POST', body, serviceToken: SERVICE_TOKEN });
