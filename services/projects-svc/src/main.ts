import { createAuditEmitter, DEFAULT_AUDIT_QUEUE_PREFIX } from '@perplexica/audit';
import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger, createMetrics } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { buildContext, createApp } from './app.ts';
import { projectsConfigSchema } from './config.ts';
import { createSyncQueue } from './connectors/sync-queue.ts';
import { startSyncWorker } from './connectors/sync-worker.ts';
import { projectsMigrations } from './db/migrations.ts';
import type { ProjectsDatabase } from './db/schema.ts';

const config = loadConfigOrExit('projects-svc', projectsConfigSchema);
const logger = createLogger({ service: 'projects-svc', level: config.LOG_LEVEL });

const database = await openDatabase<ProjectsDatabase>({
  service: 'projects-svc',
  config,
  migrations: projectsMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const queueConfig = { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
const syncs = createSyncQueue(queueConfig);
const metrics = createMetrics('projects-svc');
// One emitter per process, on the Redis every service shares, under audit-svc's queue prefix.
const audit = createAuditEmitter({
  url: config.REDIS_URL,
  prefix: DEFAULT_AUDIT_QUEUE_PREFIX,
  service: 'projects-svc',
  logger,
  metricsRegistry: metrics.registry,
});

const deps = { config, logger, database, redis, syncs, audit, metrics };
const ctx = buildContext(deps);
const worker = config.RUN_WORKER
  ? startSyncWorker({
      db: ctx.db,
      connectors: ctx.connectors,
      tools: ctx.tools,
      upload: ctx.upload,
      logger,
      staleMinutes: config.SYNC_STALE_MINUTES,
      syncs,
      queueConfig,
      concurrency: config.SYNC_CONCURRENCY,
    })
  : null;

await runService({
  name: 'projects-svc',
  app: createApp(deps, ctx),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  // The worker first: a sync in progress finishes (or is handed back to the queue) before the
  // connections it needs close.
  onShutdown: [
    async () => worker?.close(),
    () => syncs.close(),
    () => audit.close(),
    () => database.close(),
    async () => redis.quit(),
  ],
});
