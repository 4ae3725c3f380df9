import { ConfigError, loadConfig } from '@perplexica/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfigSchema } from '../src/config.ts';
import { type CreateServiceUnderTest, call, startCreateService } from './harness.ts';

let svc: CreateServiceUnderTest;

beforeAll(async () => {
  svc = await startCreateService();
});
afterAll(() => svc?.close());

describe('create-svc as a service', () => {
  it('answers /health, /ready (Postgres, Redis, object store) and /metrics', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    const ready = await call(`${svc.url}/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toContain('objectStore');
    const metrics = await fetch(`${svc.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('http_request_duration_seconds');
    expect(text).toContain('queue_jobs{queue="generate-images",state="waiting"');
  });

  it('refuses to start without its required variables, naming every one', () => {
    let error: unknown;
    try {
      loadConfig(createConfigSchema, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'POSTGRES_URL',
      'REDIS_URL',
      'SERVICE_TOKEN',
      'JWT_PUBLIC_KEY',
      'MINIO_ENDPOINT',
      'MINIO_ACCESS_KEY',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('enforces the generate budget per user (429 with Retry-After)', async () => {
    const limited = await startCreateService({ env: { RATE_LIMITS: 'generate=2/60s' } });
    try {
      const token = await limited.token('eager');
      const body = { data: { format: 'csv', text: 'a\n1\n' } };
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await call(`${limited.url}/api/v1/create/tables`, { body, token })).status);
      expect(statuses).toEqual([201, 201, 429]);
      const refused = await call(`${limited.url}/api/v1/create/tables`, { body, token });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.body.error.code).toBe('rate_limited');
      // Reading is another budget.
      expect((await call(`${limited.url}/api/v1/create/artifacts`, { token })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
