import { loadConfigOrExit } from '@perplexica/config';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { financeConfigSchema } from './config.ts';

const config = loadConfigOrExit('finance-svc', financeConfigSchema);
const logger = createLogger({ service: 'finance-svc', level: config.LOG_LEVEL });
if (!config.FMP_API_KEY) {
  logger.warn('FMP_API_KEY is not set: the finance routes answer 503 not_configured until it is');
}
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });

await runService({
  name: 'finance-svc',
  app: createApp({ config, logger, redis }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [async () => redis.quit()],
});
