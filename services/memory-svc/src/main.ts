import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { memoryConfigSchema } from './config.ts';
import { memoryMigrations } from './db/migrations.ts';
import type { MemoryDatabase } from './db/schema.ts';
import { createExtractQueue, startExtractWorker } from './extraction/queue.ts';

const config = loadConfigOrExit('memory-svc', memoryConfigSchema);
const logger = createLogger({ service: 'memory-svc', level: config.LOG_LEVEL });

const database = await openDatabase<MemoryDatabase>({
  service: 'memory-svc',
  config,
  migrations: memoryMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const queue = createExtractQueue(config);
const deps = { config, logger, database, redis, queue };
const worker = config.EXTRACT_WORKER ? startExtractWorker(deps) : null;

await runService({
  name: 'memory-svc',
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
    () => database.close(),
    async () => redis.quit(),
  ],
});
