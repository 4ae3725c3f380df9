import { createAuditEmitter, DEFAULT_AUDIT_QUEUE_PREFIX } from '@perplexica/audit';
import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { createEmbedder } from '@perplexica/embeddings';
import { runService } from '@perplexica/http';
import { createObjectStore } from '@perplexica/object-store';
import { createLogger, createMetrics } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { uploadConfigSchema } from './config.ts';
import { uploadConnectionSettings } from './db/connection-settings.ts';
import { uploadMigrations } from './db/migrations.ts';
import type { UploadDatabase } from './db/schema.ts';
import { createFileQueue, startFileWorker } from './processing/file-queue.ts';

const config = loadConfigOrExit('upload-svc', uploadConfigSchema);
const logger = createLogger({ service: 'upload-svc', level: config.LOG_LEVEL });

const database = await openDatabase<UploadDatabase>({
  service: 'upload-svc',
  config,
  migrations: uploadMigrations,
  logger,
  settings: uploadConnectionSettings,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const metrics = createMetrics('upload-svc');
// One emitter per process, on the Redis every service shares, under audit-svc's queue prefix.
const audit = createAuditEmitter({
  url: config.REDIS_URL,
  prefix: DEFAULT_AUDIT_QUEUE_PREFIX,
  service: 'upload-svc',
  logger,
  metricsRegistry: metrics.registry,
});
const store = createObjectStore({
  endpoint: config.MINIO_ENDPOINT,
  publicEndpoint: config.MINIO_PUBLIC_ENDPOINT,
  accessKey: config.MINIO_ACCESS_KEY,
  secretKey: config.MINIO_SECRET_KEY,
  region: config.MINIO_REGION,
  bucket: config.UPLOAD_BUCKET,
});
await store.ensureBucket();
const embedder = createEmbedder(config);
const queueConfig = { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
const files = createFileQueue(queueConfig);
const worker = config.RUN_WORKER
  ? startFileWorker({
      config,
      db: database.db,
      store,
      embedder,
      logger,
      queueConfig,
      concurrency: config.PROCESS_CONCURRENCY,
      files,
    })
  : null;

await runService({
  name: 'upload-svc',
  app: createApp({ config, logger, database, redis, audit, metrics, store, files, embedder }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [
    () => audit.close(),
    async () => worker?.close(),
    () => files.close(),
    () => database.close(),
    async () => redis.quit(),
  ],
});
