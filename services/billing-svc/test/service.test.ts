import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingConfigSchema } from '../src/config.ts';
import {
  type BillingServiceUnderTest,
  billingClient,
  call,
  grant,
  internalClient,
  SERVICE_TOKEN,
  startBillingService,
} from './harness.ts';

let svc: BillingServiceUnderTest;

beforeAll(async () => {
  // No YooKassa keys: what `pnpm start` gives with nothing configured.
  svc = await startBillingService({}, { yookassa: false });
});
afterAll(() => svc?.close());

describe('without YooKassa keys', () => {
  it('payment routes answer 503 not_configured, saying what to set', async () => {
    const user = billingClient(svc.url, await svc.token('nina'));
    const admin = billingClient(svc.url, await svc.token('root', { role: 'admin' }));
    for (const response of [
      await user.buy({ planId: 'pro' }),
      await user.payment(randomUUID()),
      await svc.notify({ type: 'notification', event: 'payment.succeeded', object: { id: 'abc' } }),
      await admin.refund({ paymentId: randomUUID(), reason: 'x' }),
    ]) {
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({
        code: 'not_configured',
        message: expect.stringContaining('YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY'),
      });
    }
  });

  it('plans, balance, ledger, subscription, grants and spends still work', async () => {
    const user = billingClient(svc.url, await svc.token('nina'));
    const catalogue = await user.plans();
    expect(catalogue.status).toBe(200);
    // The pricing page learns up front that it cannot sell yet.
    expect(catalogue.body.payments).toEqual({ configured: false });
    await grant(svc, 'nina', 5);
    const spent = await internalClient(svc.url).spend({
      userId: 'nina',
      amount: 2,
      reason: 'x',
      idempotencyKey: 'a',
    });
    expect(spent.body.balance.credits).toBe(3);
    expect((await user.balance()).body.balance.credits).toBe(3);
    expect((await user.ledger()).body.entries).toHaveLength(2);
    expect((await user.subscription()).body).toMatchObject({ subscription: null, plan: { id: 'free' } });
  });
});

describe('probes', () => {
  it('/health, /ready (Postgres and Redis) and /metrics (with the queue)', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    const ready = await call(`${svc.url}/ready`);
    expect(ready.status).toBe(200);
    const metrics = await fetch(`${svc.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('http_request_duration_seconds_count{service="billing-svc"');
    expect(text).toMatch(/queue_jobs\{queue="billing",state="delayed",service="billing-svc"\} \d+/);
  });

  it('unknown paths are 404 in the one error shape', async () => {
    const token = await svc.token('nina');
    const response = await call(`${svc.url}/api/v1/billing/nothing-here`, { token });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('configuration', () => {
  const base = () => ({
    POSTGRES_URL: 'postgres://localhost/x',
    REDIS_URL: 'redis://localhost:6379',
    SERVICE_TOKEN,
    JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
  });

  it('defaults: port 3008, schema billing, YooKassa off, receipts off', () => {
    const config = loadConfig(billingConfigSchema, base());
    expect(config).toMatchObject({
      PORT: 3008,
      DB_SCHEMA: 'billing',
      REDIS_KEY_PREFIX: 'perplexica:billing:',
      YOOKASSA_API_URL: 'https://api.yookassa.ru/v3',
      YOOKASSA_RECEIPTS: false,
      YOOKASSA_WEBHOOK_IP_CHECK: false,
    });
    expect(config.YOOKASSA_SHOP_ID).toBeUndefined();
    expect(config.YOOKASSA_WEBHOOK_SOURCES).toContain('185.71.76.0/27');
  });

  it('needs both YooKassa keys or neither, and valid webhook sources', () => {
    expect(() => loadConfig(billingConfigSchema, { ...base(), YOOKASSA_SHOP_ID: '100500' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig(billingConfigSchema, { ...base(), YOOKASSA_SECRET_KEY: 'k' });
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toContain('YOOKASSA_SHOP_ID');
    }
    expect(() =>
      loadConfig(billingConfigSchema, { ...base(), YOOKASSA_WEBHOOK_SOURCES: '10.0.0.0/33' }),
    ).toThrow(/YOOKASSA_WEBHOOK_SOURCES/);
    expect(() =>
      loadConfig(billingConfigSchema, { ...base(), YOOKASSA_WEBHOOK_SOURCES: 'yookassa.ru' }),
    ).toThrow(/YOOKASSA_WEBHOOK_SOURCES/);
    expect(
      loadConfig(billingConfigSchema, { ...base(), YOOKASSA_WEBHOOK_SOURCES: '10.0.0.0/8, ::1' })
        .YOOKASSA_WEBHOOK_SOURCES,
    ).toEqual(['10.0.0.0/8', '::1']);
  });
});
