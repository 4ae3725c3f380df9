import { createAuditEmitter, DEFAULT_AUDIT_QUEUE_PREFIX } from '@perplexica/audit';
import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger, createMetrics } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { libraryConfigSchema } from './config.ts';
import { libraryMigrations } from './db/migrations.ts';
import type { LibraryDatabase } from './db/schema.ts';

const config = loadConfigOrExit('library-svc', libraryConfigSchema);
const logger = createLogger({ service: 'library-svc', level: config.LOG_LEVEL });

const database = await openDatabase<LibraryDatabase>({
  service: 'library-svc',
  config,
  migrations: libraryMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const metrics = createMetrics('library-svc');
// One emitter per process, on the Redis every service shares, under audit-svc's queue prefix.
const audit = createAuditEmitter({
  url: config.REDIS_URL,
  prefix: DEFAULT_AUDIT_QUEUE_PREFIX,
  service: 'library-svc',
  logger,
  metricsRegistry: metrics.registry,
});

await runService({
  name: 'library-svc',
  app: createApp({ config, logger, database, redis, audit, metrics }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [() => audit.close(), () => database.close(), async () => redis.quit()],
});
