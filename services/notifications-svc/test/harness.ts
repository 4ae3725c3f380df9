import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
  waitForQueueIdle,
} from '@perplexica/testing';
import webpush from 'web-push';
import { createApp } from '../src/app.ts';
import { createChannels } from '../src/channels.ts';
import { type NotificationsConfig, notificationsConfigSchema } from '../src/config.ts';
import { notificationsMigrations } from '../src/db/migrations.ts';
import type { NotificationsDatabase } from '../src/db/schema.ts';
import { type DeliveryReport, deliverNotification } from '../src/delivery/deliver-notification.ts';
import { deliveryContext } from '../src/delivery/delivery-context.ts';
import { deliveriesOf } from '../src/delivery/delivery-ledger.ts';
import {
  createDeliveryQueue,
  type DeliveryQueue,
  startDeliveryWorker,
} from '../src/delivery/delivery-queue.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

/** A fresh VAPID pair, as `web-push generate-vapid-keys` makes one. */
export function vapidEnv(): Record<string, string> {
  const keys = webpush.generateVAPIDKeys();
  return { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey };
}

export interface NotificationsServiceUnderTest {
  url: string;
  config: NotificationsConfig;
  database: ReturnType<typeof createDatabase<NotificationsDatabase>>;
  queue: DeliveryQueue;
  logs: CapturedLogs;
  /** A valid access token for the user, signed with the key this instance trusts. */
  token(userId: string): Promise<string>;
  /** Starts the delivery worker of an instance started with `{ worker: false }`. */
  startWorker(): void;
  /** Resolves once no delivery job is waiting, delayed or running (bounded wait). */
  jobsSettled(timeoutMs?: number): Promise<void>;
  /** Runs a notification's delivery job body once more, as a retried or re-delivered job would. */
  deliver(notificationId: string, options?: { lastAttempt?: boolean }): Promise<DeliveryReport>;
  deliveries(notificationId: string): ReturnType<typeof deliveriesOf>;
  close(): Promise<void>;
}

/**
 * A real notifications-svc on a free port, with its delivery worker, against the machine's
 * Postgres (a fresh schema) and Redis (a fresh prefix), configured through the same zod schema as
 * in production. Push is configured (fresh VAPID keys) and accepts the fakes' http://127.0.0.1
 * endpoints unless `env` says otherwise; email only when `env` has SMTP_URL.
 */
export async function startNotificationsService(
  env: Record<string, string | undefined> = {},
  { worker: withWorker = true, publicKeyPem }: { worker?: boolean; publicKeyPem?: string } = {},
): Promise<NotificationsServiceUnderTest> {
  const prepared = await prepareServiceUnderTest({
    service: 'notifications-svc',
    configSchema: notificationsConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<NotificationsDatabase>,
      migrate: migrateToLatest,
      migrations: notificationsMigrations,
    },
    env: {
      ...(publicKeyPem === undefined ? {} : { JWT_PUBLIC_KEY: publicKeyPem }),
      PUBLIC_APP_URL: 'https://app.perplexica.test',
      VAPID_SUBJECT: 'mailto:ops@perplexica.test',
      PUSH_ALLOW_INSECURE_ENDPOINTS: 'true',
      NOTIFICATIONS_BACKOFF_MS: '100',
      NOTIFICATIONS_ATTEMPTS: '4',
      ...vapidEnv(),
      ...env,
    },
  });
  const { config, database } = prepared;
  const queue = createDeliveryQueue(config);
  const channels = createChannels(config);
  const deps = { ...prepared.deps, queue, channels };
  const delivery = deliveryContext(deps);
  let worker = withWorker ? startDeliveryWorker(delivery) : null;
  const served = await prepared.serve(createApp(deps), {
    async close() {
      await worker?.close();
      await queue.close();
      await channels.close();
    },
  });
  return {
    url: served.url,
    config,
    database,
    queue,
    logs: prepared.logs,
    token: (userId) => prepared.token(userId),
    startWorker() {
      worker ??= startDeliveryWorker(delivery);
    },
    jobsSettled: (timeoutMs = 20_000) => waitForQueueIdle(queue, timeoutMs),
    deliver: (notificationId, options = {}) =>
      deliverNotification(delivery, notificationId, { lastAttempt: options.lastAttempt ?? false }),
    deliveries: (notificationId) => deliveriesOf(database.db, notificationId),
    close: served.close,
  };
}

export type { JsonResponse } from '@perplexica/testing';
export { call };

/** The signed-in user's side: the public notification routes. */
export function userClient(base: string, token: string) {
  const root = `${base}/api/v1/notifications`;
  return {
    list: (query = '') => call(`${root}${query ? `?${query}` : ''}`, { token }),
    get: (id: string) => call(`${root}/${id}`, { token }),
    unreadCount: () => call(`${root}/unread-count`, { token }),
    markRead: (id: string) => call(`${root}/${id}/read`, { method: 'POST', token }),
    markAllRead: () => call(`${root}/read-all`, { method: 'POST', token }),
    remove: (id: string) => call(`${root}/${id}`, { method: 'DELETE', token }),
    preferences: () => call(`${root}/preferences`, { token }),
    putPreferences: (body: unknown) => call(`${root}/preferences`, { method: 'PUT', body, token }),
    pushKey: () => call(`${root}/push/key`, { token }),
    subscriptions: () => call(`${root}/push/subscriptions`, { token }),
    subscribe: (body: unknown) => call(`${root}/push/subscriptions`, { method: 'POST', body, token }),
    unsubscribe: (endpoint: unknown) =>
      call(`${root}/push/unsubscribe`, { method: 'POST', body: { endpoint }, token }),
    removeSubscription: (id: string) => call(`${root}/push/subscriptions/${id}`, { method: 'DELETE', token }),
  };
}

/** Another service's side: the internal route, with the service token. */
export function notifier(base: string) {
  return {
    notify: (body: unknown) =>
      call(`${base}/internal/v1/notifications`, { body, serviceToken: SERVICE_TOKEN }),
  };
}

let events = 0;
/** What chat-svc sends when a task has run; a fresh eventId per call unless given. */
export function taskResult(userId: string, extra: Record<string, unknown> = {}) {
  events += 1;
  return {
    eventId: `task:run-${events}-${Date.now().toString(36)}`,
    userId,
    orgId: null,
    kind: 'task_result',
    title: 'Your task "Morning market brief" ran',
    body: 'S&P 500 closed up 0.4%. Three sources agree on the rate outlook.',
    url: '/thread/0b7f7b4e-5d1c-4c55-a8b2-4d1a3e9f0c21',
    ...extra,
  };
}
