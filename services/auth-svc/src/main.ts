import { createAuditEmitter, DEFAULT_AUDIT_QUEUE_PREFIX } from '@perplexica/audit';
import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger, createMetrics } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { authConfigSchema } from './config.ts';
import { authMigrations } from './db/migrations.ts';
import type { AuthDatabase } from './db/schema.ts';
import { loadSigningKeys } from './tokens/signing-keys.ts';

const config = loadConfigOrExit('auth-svc', authConfigSchema);
const logger = createLogger({ service: 'auth-svc', level: config.LOG_LEVEL });

const keys = await loadSigningKeys(config.JWT_PRIVATE_KEY, config.JWT_PREVIOUS_PUBLIC_KEYS);
if (keys.ephemeral) {
  logger.warn(
    'JWT_PRIVATE_KEY is not set: signing with a throwaway key. Tokens die with this process and other services cannot verify them. Run `pnpm keys` or set the Secret.',
  );
}

const database = await openDatabase<AuthDatabase>({
  service: 'auth-svc',
  config,
  migrations: authMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const metrics = createMetrics('auth-svc');
// One emitter per process, on the Redis every service shares, under audit-svc's queue prefix.
const audit = createAuditEmitter({
  url: config.REDIS_URL,
  prefix: DEFAULT_AUDIT_QUEUE_PREFIX,
  service: 'auth-svc',
  logger,
  metricsRegistry: metrics.registry,
});

await runService({
  name: 'auth-svc',
  app: createApp({ config, logger, database, redis, keys, audit, metrics }),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  onShutdown: [() => audit.close(), () => database.close(), async () => redis.quit()],
});
