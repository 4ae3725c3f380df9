import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { discoverConfigSchema } from './config.ts';
import { discoverMigrations } from './db/migrations.ts';
import type { DiscoverDatabase } from './db/schema.ts';

const config = loadConfigOrExit('discover-svc', discoverConfigSchema);
const logger = createLogger({ service: 'discover-svc', level: config.LOG_LEVEL });

const database = await openDatabase<DiscoverDatabase>({
  service: 'discover-svc',
  config,
  migrations: discoverMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });

await runService({
  name: 'discover-svc',
  app: createApp({ config, logger, database, redis }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [() => database.close(), async () => redis.quit()],
});
