import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { auditConfigSchema } from './config.ts';
import { auditMigrations } from './db/migrations.ts';
import type { AuditDatabase } from './db/schema.ts';
import { startAuditWorker } from './ingest/audit-worker.ts';
import { startPartitionMaintenance } from './retention/maintenance.ts';

const config = loadConfigOrExit('audit-svc', auditConfigSchema);
const logger = createLogger({ service: 'audit-svc', level: config.LOG_LEVEL });

const database = await openDatabase<AuditDatabase>({
  service: 'audit-svc',
  config,
  migrations: auditMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const deps = { config, logger, database, redis };
const worker = config.AUDIT_WORKER ? startAuditWorker(deps) : null;
const maintenance = startPartitionMaintenance({
  db: database.db,
  logger,
  retentionMonths: config.AUDIT_RETENTION_MONTHS,
  intervalMs: config.AUDIT_MAINTENANCE_INTERVAL_MS,
});

await runService({
  name: 'audit-svc',
  app: createApp(deps),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  // The worker first: it finishes the events it holds (an interrupted one is redelivered, stored once).
  onShutdown: [
    async () => maintenance.stop(),
    async () => worker?.close(),
    () => database.close(),
    async () => redis.quit(),
  ],
});
