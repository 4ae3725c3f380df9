import { createAuditEmitter, DEFAULT_AUDIT_QUEUE_PREFIX } from '@perplexica/audit';
import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger, createMetrics } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { billingConfigSchema } from './config.ts';
import { billingMigrations } from './db/migrations.ts';
import type { BillingDatabase } from './db/schema.ts';
import { createBillingQueue } from './jobs/billing-queue.ts';
import { startBillingWorker } from './jobs/billing-worker.ts';

const config = loadConfigOrExit('billing-svc', billingConfigSchema);
const logger = createLogger({ service: 'billing-svc', level: config.LOG_LEVEL });
if (!config.YOOKASSA_SHOP_ID) {
  logger.warn(
    'YooKassa is not configured: payment routes answer 503 until YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY are set',
  );
}

const database = await openDatabase<BillingDatabase>({
  service: 'billing-svc',
  config,
  migrations: billingMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const metrics = createMetrics('billing-svc');
// One emitter per process, on the Redis every service shares, under audit-svc's queue prefix.
const audit = createAuditEmitter({
  url: config.REDIS_URL,
  prefix: DEFAULT_AUDIT_QUEUE_PREFIX,
  service: 'billing-svc',
  logger,
  metricsRegistry: metrics.registry,
});
const queue = createBillingQueue(config);
const deps = { config, logger, database, redis, queue, audit, metrics };
const worker = config.BILLING_WORKER ? await startBillingWorker(deps) : null;

await runService({
  name: 'billing-svc',
  app: createApp(deps),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  // The worker first: it finishes its current jobs (an interrupted one is retried by another replica).
  onShutdown: [
    async () => worker?.close(),
    () => queue.close(),
    () => audit.close(),
    () => database.close(),
    async () => redis.quit(),
  ],
});
