import { loadConfigOrExit } from '@perplexica/config';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createGatewayApp } from './app.ts';
import { gatewayConfigSchema } from './config.ts';
import { createSharedCache } from './shared-cache.ts';
import { signedInCheck } from './signed-in.ts';

const config = loadConfigOrExit('gateway', gatewayConfigSchema);
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
const app = createGatewayApp({
  logger,
  upstreams: config.GATEWAY_UPSTREAMS,
  webRoot: config.WEB_ROOT,
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
  shared:
    config.JWT_PUBLIC_KEY && config.GATEWAY_SHARED_CACHE_MS > 0
      ? {
          cache: createSharedCache({
            holdMs: config.GATEWAY_SHARED_CACHE_MS,
            maxEntries: config.GATEWAY_SHARED_CACHE_ENTRIES,
            maxBodyBytes: 1_000_000,
          }),
          signedIn: signedInCheck({
            publicKeyPem: config.JWT_PUBLIC_KEY,
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
          }),
        }
      : undefined,
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
