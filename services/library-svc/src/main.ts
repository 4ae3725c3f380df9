import { loadConfigOrExit } from '@perplexica/config';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { libraryConfigSchema } from './config.ts';
import { libraryMigrations } from './db/migrations.ts';
import type { LibraryDatabase } from './db/schema.ts';

const config = loadConfigOrExit('library-svc', libraryConfigSchema);
const logger = createLogger({ service: 'library-svc', level: config.LOG_LEVEL });

const database = createDatabase<LibraryDatabase>({
  url: config.POSTGRES_URL,
  schema: config.DB_SCHEMA,
  poolMax: config.POSTGRES_POOL_MAX,
  applicationName: 'library-svc',
});
const applied = await migrateToLatest(database.db, config.DB_SCHEMA, libraryMigrations);
if (applied.length > 0) logger.info({ applied }, 'migrations applied');
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });

await runService({
  name: 'library-svc',
  app: createApp({ config, logger, database, redis }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [() => database.close(), async () => redis.quit()],
});
