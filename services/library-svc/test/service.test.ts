import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryConfigSchema } from '../src/config.ts';
import { call, type LibraryServiceUnderTest, startLibraryService } from './harness.ts';

describe('library-svc configuration', () => {
  it('names every missing variable at once', () => {
    try {
      loadConfig(libraryConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config without variables must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['POSTGRES_URL', 'REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) {
        expect(message).toContain(name);
      }
    }
  });

  it('defaults to port 3009, schema "library" and a 2 MiB body limit', () => {
    const config = loadConfig(libraryConfigSchema, {
      POSTGRES_URL: 'postgres://x@db/perplexica',
      REDIS_URL: 'redis://redis:6379',
      SERVICE_TOKEN: 'a-long-enough-service-token-value',
      JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
    });
    expect(config).toMatchObject({ PORT: 3009, DB_SCHEMA: 'library', BODY_LIMIT_BYTES: 2_097_152 });
  });
});

describe('probes', () => {
  let svc: LibraryServiceUnderTest;
  beforeAll(async () => {
    svc = await startLibraryService();
  });
  afterAll(() => svc?.close());

  it('is alive and ready when Postgres and Redis answer', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    const ready = await call(`${svc.url}/ready`);
    expect(ready.status).toBe(200);
  });

  it('unknown routes are 404 in the one error shape', async () => {
    const response = await call(`${svc.url}/api/v1/library/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('rate limits', () => {
  it('counts each request once per caller (list and open alike), then answers 429 with Retry-After', async () => {
    const svc = await startLibraryService({ RATE_LIMITS: 'default=3/60s' });
    try {
      const token = await svc.userToken('counted');
      const list = await call(`${svc.url}/api/v1/library/threads`, { token });
      expect(list.status).toBe(200);
      expect(list.headers.get('ratelimit-remaining')).toBe('2');
      expect((await call(`${svc.url}/api/v1/library/threads/${crypto.randomUUID()}`, { token })).status).toBe(
        404,
      );
      expect((await call(`${svc.url}/api/v1/library/threads`, { token })).status).toBe(200);
      const limited = await call(`${svc.url}/api/v1/library/threads`, { token });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await svc.close();
    }
  });
});
