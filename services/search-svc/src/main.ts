import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
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

const database = await openDatabase<SearchDatabase>({
  service: 'search-svc',
  config,
  migrations: searchMigrations,
  logger,
});
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
