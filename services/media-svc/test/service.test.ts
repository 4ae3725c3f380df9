import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaConfigSchema } from '../src/config.ts';
import { call, getMedia, type MediaServiceUnderTest, startMediaService, startMediaWorld } from './harness.ts';

const required = () => ({
  REDIS_URL: 'redis://redis:6379',
  SERVICE_TOKEN: 'a-long-enough-service-token-value',
  JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
});

describe('media-svc configuration', () => {
  it('names every missing variable at once', () => {
    try {
      loadConfig(mediaConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config without variables must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) expect(message).toContain(name);
      // No Postgres here.
      expect(message).not.toContain('POSTGRES_URL');
    }
  });

  it('defaults: port 3005, its Redis prefix, search-svc on 3001, fresh 10 min, stale 1 day', () => {
    expect(loadConfig(mediaConfigSchema, required())).toMatchObject({
      PORT: 3005,
      REDIS_KEY_PREFIX: 'perplexica:media:',
      SEARCH_SERVICE_URL: 'http://127.0.0.1:3001',
      SEARCH_TIMEOUT_MS: 10_000,
      MEDIA_CACHE_FRESH_SECONDS: 600,
      MEDIA_CACHE_STALE_SECONDS: 86_400,
    });
  });

  it('refuses a stale window shorter than the fresh one, and a search-svc URL that is not http', () => {
    expect(() =>
      loadConfig(mediaConfigSchema, {
        ...required(),
        MEDIA_CACHE_FRESH_SECONDS: '600',
        MEDIA_CACHE_STALE_SECONDS: '60',
      }),
    ).toThrow(/MEDIA_CACHE_STALE_SECONDS/);
    expect(() =>
      loadConfig(mediaConfigSchema, { ...required(), SEARCH_SERVICE_URL: 'search-svc:3001' }),
    ).toThrow(/SEARCH_SERVICE_URL/);
  });
});

describe('probes', () => {
  let svc: MediaServiceUnderTest;
  beforeAll(async () => {
    // search-svc is not running: media-svc is still alive and ready (it can serve its cache).
    svc = await startMediaService();
  });
  afterAll(() => svc?.close());

  it('is alive and ready when Redis answers, whatever search-svc does', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    expect((await call(`${svc.url}/ready`)).status).toBe(200);
    const metrics = await fetch(`${svc.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_request_duration_seconds');
  });

  it('unknown routes are 404 in the one error shape', async () => {
    const response = await call(`${svc.url}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('rate limits', () => {
  it('counts each search once per caller, cached or not, then answers 429 with Retry-After', async () => {
    const world = await startMediaWorld({ mediaEnv: { RATE_LIMITS: 'default=3/60s' } });
    try {
      const first = await getMedia(world.media.url, 'images', 'q=lighthouse', world.token);
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-remaining')).toBe('2');
      expect((await getMedia(world.media.url, 'images', 'q=lighthouse', world.token)).status).toBe(200);
      expect((await getMedia(world.media.url, 'videos', 'q=volcano', world.token)).status).toBe(200);
      const limited = await getMedia(world.media.url, 'images', 'q=lighthouse', world.token);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another user has a budget of their own.
      const other = await world.media.userToken('someone-else');
      expect((await getMedia(world.media.url, 'images', 'q=lighthouse', other)).status).toBe(200);
    } finally {
      await world.close();
    }
  });
});
