import { loadConfigOrExit } from '@perplexica/config';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createGatewayApp } from './app.ts';
import { gatewayConfigSchema } from './config.ts';

const config = loadConfigOrExit('gateway', gatewayConfigSchema);
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
const app = createGatewayApp({
  logger,
  upstreams: config.GATEWAY_UPSTREAMS,
  webRoot: config.WEB_ROOT,
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
});

await runService({
  name: 'gateway',
  app,
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
});
