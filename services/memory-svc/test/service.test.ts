import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryConfigSchema } from '../src/config.ts';
import { call, chatSvc, extractBody, type MemoryServiceUnderTest, startMemoryService } from './harness.ts';

const required = {
  POSTGRES_URL: 'postgres://x@db/perplexica',
  REDIS_URL: 'redis://redis:6379',
  SERVICE_TOKEN: 'a-long-enough-service-token-value',
};

describe('memory-svc configuration', () => {
  it('names every missing variable at once', () => {
    try {
      loadConfig(memoryConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config without variables must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['POSTGRES_URL', 'REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) {
        expect(message).toContain(name);
      }
    }
  });

  it('defaults: port 3010, schema "memory", memory off, 500 per user, no model, local embeddings', () => {
    const config = loadConfig(memoryConfigSchema, {
      ...required,
      JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
    });
    expect(config).toMatchObject({
      PORT: 3010,
      DB_SCHEMA: 'memory',
      REDIS_KEY_PREFIX: 'perplexica:memory:',
      MEMORY_DEFAULT_ENABLED: false,
      MEMORY_MAX_PER_USER: 500,
      LLM_PROVIDER: 'extractive',
      EMBEDDING_PROVIDER: 'local',
      EXTRACT_WORKER: true,
    });
  });

  it('refuses a bad provider, score or flag', () => {
    for (const [name, value] of [
      ['LLM_PROVIDER', 'claude'],
      ['RECALL_MIN_SCORE', '2'],
      ['MEMORY_DEFAULT_ENABLED', 'maybe'],
      ['MEMORY_MAX_PER_USER', '0'],
    ]) {
      expect(() =>
        loadConfig(memoryConfigSchema, {
          ...required,
          JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
          [name as string]: value as string,
        }),
      ).toThrow(name as string);
    }
  });
});

describe('probes', () => {
  let svc: MemoryServiceUnderTest;
  beforeAll(async () => {
    svc = await startMemoryService();
  });
  afterAll(() => svc?.close());

  it('is alive and ready when Postgres and Redis answer', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    const ready = await call(`${svc.url}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: 'ok', redis: 'ok' });
  });

  it('exposes Prometheus metrics, the extraction queue included', async () => {
    await chatSvc(svc.url).extract(extractBody('metrics-user', 'Remember that I like graphs'));
    await svc.jobsSettled();
    const response = await fetch(`${svc.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('http_request_duration_seconds');
    expect(text).toMatch(/queue_jobs\{[^}]*queue="extract-memories"/);
  });

  it('unknown routes are 404 in the one error shape', async () => {
    const response = await call(`${svc.url}/api/v1/memory-nothing-here`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});
