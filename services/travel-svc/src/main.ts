import { loadConfigOrExit } from '@perplexica/config';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { travelConfigSchema } from './config.ts';

const config = loadConfigOrExit('travel-svc', travelConfigSchema);
const logger = createLogger({ service: 'travel-svc', level: config.LOG_LEVEL });
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });

await runService({
  name: 'travel-svc',
  app: createApp({ config, logger, redis }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [async () => redis.quit()],
});
