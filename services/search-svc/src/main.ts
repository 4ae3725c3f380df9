import { loadConfigOrExit } from '@perplexica/config';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { searchConfigSchema } from './config.ts';
import { searchMigrations } from './db/migrations.ts';
import type { SearchDatabase } from './db/schema.ts';
import { createPageReader } from './fetch/page-reader.ts';

const config = loadConfigOrExit('search-svc', searchConfigSchema);
const logger = createLogger({ service: 'search-svc', level: config.LOG_LEVEL });

if (config.SEARXNG_URL.length === 0) {
  logger.warn(
    'SEARXNG_URL is not set: every search runs over the locally ingested documents (`pnpm ingest <folder>`).',
  );
}

const database = createDatabase<SearchDatabase>({
  url: config.POSTGRES_URL,
  schema: config.DB_SCHEMA,
  poolMax: config.POSTGRES_POOL_MAX,
  applicationName: 'search-svc',
});
const applied = await migrateToLatest(database.db, config.DB_SCHEMA, searchMigrations);
if (applied.length > 0) logger.info({ applied }, 'migrations applied');
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const reader = createPageReader({
  allowPrivateHosts: config.FETCH_ALLOW_PRIVATE_HOSTS,
  timeoutMs: config.FETCH_TIMEOUT_MS,
  maxBytes: config.FETCH_MAX_BYTES,
  maxRedirects: config.FETCH_MAX_REDIRECTS,
  userAgent: config.FETCH_USER_AGENT,
});

await runService({
  name: 'search-svc',
  app: createApp({ config, logger, database, redis, reader }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [() => database.close(), async () => redis.quit(), () => reader.close()],
});
