import { loadConfigOrExit } from '@perplexica/config';
import { openDatabase } from '@perplexica/db';
import { runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { createApp } from './app.ts';
import { createChannels } from './channels.ts';
import { notificationsConfigSchema } from './config.ts';
import { notificationsMigrations } from './db/migrations.ts';
import type { NotificationsDatabase } from './db/schema.ts';
import { deliveryContext } from './delivery/delivery-context.ts';
import { createDeliveryQueue, startDeliveryWorker } from './delivery/delivery-queue.ts';

const config = loadConfigOrExit('notifications-svc', notificationsConfigSchema);
const logger = createLogger({ service: 'notifications-svc', level: config.LOG_LEVEL });

const database = await openDatabase<NotificationsDatabase>({
  service: 'notifications-svc',
  config,
  migrations: notificationsMigrations,
  logger,
});
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
const queue = createDeliveryQueue(config);
const channels = createChannels(config);
const deps = { config, logger, database, redis, queue, channels };
const worker = config.NOTIFICATIONS_WORKER ? startDeliveryWorker(deliveryContext(deps)) : null;
logger.info(
  {
    push: channels.push ? 'configured' : 'not_configured',
    email: channels.email ? 'configured' : 'not_configured',
  },
  'notification channels',
);

await runService({
  name: 'notifications-svc',
  app: createApp(deps),
  logger,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  // The worker first: it finishes its current jobs (an interrupted one runs again, sending only what is pending).
  onShutdown: [
    async () => worker?.close(),
    () => queue.close(),
    () => channels.close(),
    () => database.close(),
    async () => redis.quit(),
  ],
});
