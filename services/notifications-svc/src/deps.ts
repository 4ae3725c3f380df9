import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { NotificationsConfig } from './config.ts';
import type { NotificationsDatabase } from './db/schema.ts';
import type { DeliveryContext } from './delivery/deliver-notification.ts';
import type { DeliveryQueue } from './delivery/delivery-queue.ts';
import type { EmailSender } from './email/email-sender.ts';
import type { UserDirectory } from './email/user-directory.ts';
import type { PushSender } from './push/push-sender.ts';

/** The outgoing channels, built once (main.ts: createChannels) and shared by the app and the worker. */
export interface Channels {
  /** null: no VAPID keys, push is not_configured. */
  push: PushSender | null;
  /** null: no SMTP_URL, email is not_configured. */
  email: EmailSender | null;
  users: UserDirectory;
  close(): Promise<void>;
}

/** What main.ts (or a test) hands to createApp and startDeliveryWorker. */
export interface NotificationsDeps {
  config: NotificationsConfig;
  logger: Logger;
  database: Database<NotificationsDatabase>;
  redis: Redis;
  /** Where ingestion puts delivery jobs (createDeliveryQueue). */
  queue: DeliveryQueue;
  channels: Channels;
}

/** Everything routes use, built once from the deps. */
export interface NotificationsContext extends DeliveryContext {
  tokens: TokenVerifier;
  limiter: SlidingWindowLimiter;
  queue: DeliveryQueue;
}

export type NotificationsEnv = ServiceEnv;
