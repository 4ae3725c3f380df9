import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditConfigSchema } from '../src/config.ts';
import { type AuditServiceUnderTest, call, startAuditService } from './harness.ts';

describe('audit-svc configuration', () => {
  it('names every missing variable at once', () => {
    try {
      loadConfig(auditConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      for (const name of ['POSTGRES_URL', 'REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) {
        expect((error as ConfigError).message).toContain(name);
      }
    }
  });

  it('defaults to port 3012, schema "audit", the audit Redis prefix and a worker in process', () => {
    const config = loadConfig(auditConfigSchema, {
      POSTGRES_URL: 'postgres://x@db/perplexica',
      REDIS_URL: 'redis://redis:6379',
      SERVICE_TOKEN: 'a-long-enough-service-token-value',
      JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
    });
    expect(config).toMatchObject({
      PORT: 3012,
      DB_SCHEMA: 'audit',
      REDIS_KEY_PREFIX: 'perplexica:audit:',
      AUDIT_WORKER: true,
    });
  });
});

describe('audit-svc probes', () => {
  let svc: AuditServiceUnderTest;
  beforeAll(async () => {
    svc = await startAuditService({}, { worker: false });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('answers /health, /ready (Postgres and Redis) and /metrics', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    expect((await call(`${svc.url}/ready`)).status).toBe(200);
    const metrics = await fetch(`${svc.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_request');
  });
});
