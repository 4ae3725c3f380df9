import { type ConfigError, loadConfig } from '@perplexica/config';
import { callJson as call } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { notificationsConfigSchema } from '../src/config.ts';
import {
  type NotificationsServiceUnderTest,
  notifier,
  startNotificationsService,
  taskResult,
} from './harness.ts';

let svc: NotificationsServiceUnderTest;
beforeAll(async () => {
  svc = await startNotificationsService({}, { worker: false });
});
afterAll(() => svc?.close());

describe('probes from the kit', () => {
  it('/health, /ready (Postgres and Redis), /metrics with the delivery queue depth', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    const ready = await call(`${svc.url}/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toContain('postgres');
    await notifier(svc.url).notify(taskResult('1f0e4a6c-2b3d-4e5f-8a9b-0c1d2e3f4a5b'));
    const metrics = await fetch(`${svc.url}/metrics`);
    const text = await metrics.text();
    expect(metrics.status).toBe(200);
    expect(text).toContain(
      'queue_jobs{queue="deliver-notifications",state="waiting",service="notifications-svc"} 1',
    );
  });
});

describe('configuration', () => {
  const base = {
    POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    REDIS_URL: 'redis://127.0.0.1:6379',
    SERVICE_TOKEN: 'a-service-token-of-enough-length',
    JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----',
  };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(notificationsConfigSchema, { ...base, ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('starts with nothing optional: port 3013, push and email unset, worker on', () => {
    const config = loadConfig(notificationsConfigSchema, base);
    expect(config).toMatchObject({ PORT: 3013, DB_SCHEMA: 'notifications', NOTIFICATIONS_WORKER: true });
    expect(config.VAPID_PUBLIC_KEY).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.PUSH_ALLOW_INSECURE_ENDPOINTS).toBe(false);
  });

  it('VAPID keys: both or neither, base64url of the right length, and one pair', () => {
    const one = webpush.generateVAPIDKeys();
    const other = webpush.generateVAPIDKeys();
    expect(problemsOf({ VAPID_PUBLIC_KEY: one.publicKey, VAPID_PRIVATE_KEY: one.privateKey })).toEqual([]);
    expect(problemsOf({ VAPID_PUBLIC_KEY: one.publicKey })).toEqual([
      'VAPID_PRIVATE_KEY: set both VAPID keys, or neither',
    ]);
    expect(problemsOf({ VAPID_PUBLIC_KEY: one.publicKey, VAPID_PRIVATE_KEY: other.privateKey })).toEqual([
      'VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY',
    ]);
    expect(problemsOf({ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: one.privateKey })[0]).toMatch(
      /^VAPID_PUBLIC_KEY: /,
    );
  });

  it('SMTP_URL must be smtp:// or smtps://; VAPID_SUBJECT a mailto: or https: URI', () => {
    expect(problemsOf({ SMTP_URL: 'http://mail.example.com' })[0]).toMatch(
      /^SMTP_URL: must be a URL starting with smtp/,
    );
    expect(problemsOf({ SMTP_URL: 'smtps://user:pass@mail.example.com:465' })).toEqual([]);
    expect(problemsOf({ VAPID_SUBJECT: 'ops@example.com' })[0]).toMatch(/^VAPID_SUBJECT: /);
    expect(problemsOf({ VAPID_SUBJECT: 'https://perplexica.example.com' })).toEqual([]);
  });
});
