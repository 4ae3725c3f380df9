import { createAuditEmitter, DEFAULT_AUDIT_QUEUE_PREFIX } from '@perplexica/audit';
import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createObjectStore } from '@perplexica/object-store';
import { createLogger, createMetrics } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { createConfigSchema } from './config.ts';
import { createMigrations } from './db/migrations.ts';
import type { CreateDatabase } from './db/schema.ts';
import { createImageGenerator } from './images/image-generator.ts';
import { createImageQueue, startImageWorker } from './images/image-queue.ts';

const config = loadConfigOrExit('create-svc', createConfigSchema);
const logger = createLogger({ service: 'create-svc', level: config.LOG_LEVEL });

const database = await openDatabase<CreateDatabase>({
  service: 'create-svc',
  config,
  migrations: createMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const metrics = createMetrics('create-svc');
// One emitter per process, on the Redis every service shares, under audit-svc's queue prefix.
const audit = createAuditEmitter({
  url: config.REDIS_URL,
  prefix: DEFAULT_AUDIT_QUEUE_PREFIX,
  service: 'create-svc',
  logger,
  metricsRegistry: metrics.registry,
});
const store = createObjectStore({
  endpoint: config.MINIO_ENDPOINT,
  publicEndpoint: config.MINIO_PUBLIC_ENDPOINT,
  accessKey: config.MINIO_ACCESS_KEY,
  secretKey: config.MINIO_SECRET_KEY,
  region: config.MINIO_REGION,
  bucket: config.CREATE_BUCKET,
});
await store.ensureBucket();
const images = createImageQueue(config);
const imageGenerator = createImageGenerator(config);
const worker = config.IMAGE_WORKER
  ? startImageWorker({ config, logger, db: database.db, store, generator: imageGenerator })
  : null;

await runService({
  name: 'create-svc',
  app: createApp({ config, logger, database, redis, store, images, audit, metrics, imageGenerator }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  // The worker first: it finishes its current image (an interrupted one is retried by another replica).
  onShutdown: [
    () => audit.close(),
    async () => worker?.close(),
    () => images.close(),
    () => database.close(),
    async () => redis.quit(),
  ],
});
