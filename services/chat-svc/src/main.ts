import { createAuditEmitter, DEFAULT_AUDIT_QUEUE_PREFIX } from '@perplexica/audit';
import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger, createMetrics } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { chatConfigSchema } from './config.ts';
import { chatMigrations } from './db/migrations.ts';
import type { ChatDatabase } from './db/schema.ts';
import { createTaskQueue } from './tasks/task-queue.ts';
import { startTaskWorker } from './tasks/task-worker.ts';
import { createWebhookQueue } from './webhooks/webhook-queue.ts';
import { startWebhookWorker } from './webhooks/webhook-worker.ts';

const config = loadConfigOrExit('chat-svc', chatConfigSchema);
const logger = createLogger({ service: 'chat-svc', level: config.LOG_LEVEL });
if (config.LLM_PROVIDER === 'extractive') {
  logger.warn(
    'LLM_PROVIDER is not set: answers are composed from source sentences, with no model (meta.model = "extractive")',
  );
}
const database = await openDatabase<ChatDatabase>({
  service: 'chat-svc',
  config,
  migrations: chatMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const taskQueue = createTaskQueue(config);
const webhookQueue = createWebhookQueue(config);
const metrics = createMetrics('chat-svc');
// One emitter per process, on the Redis every service shares, under audit-svc's queue prefix.
const audit = createAuditEmitter({
  url: config.REDIS_URL,
  prefix: DEFAULT_AUDIT_QUEUE_PREFIX,
  service: 'chat-svc',
  logger,
  metricsRegistry: metrics.registry,
});
const app = createApp({ config, logger, redis, database, taskQueue, webhookQueue, audit, metrics });
const { context } = app;
const taskWorker = config.TASKS_WORKER
  ? startTaskWorker({
      ctx: context,
      tasks: context.tasks,
      scheduler: context.scheduler,
      notifications: context.notifications,
    })
  : null;
const webhookWorker = config.WEBHOOKS_WORKER ? startWebhookWorker(context) : null;

await runService({
  name: 'chat-svc',
  app,
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [
    async () => app.context.generations.abortAll('shutdown'),
    // An interrupted run is retried by another replica, carrying on from its last recorded step.
    async () => taskWorker?.close(),
    () => taskQueue.close(),
    // A delivery cut short is retried by the queue (receivers dedupe on webhook-id).
    async () => webhookWorker?.close(),
    () => webhookQueue.close(),
    () => audit.close(),
    () => database.close(),
    async () => redis.quit(),
  ],
});
