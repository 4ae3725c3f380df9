import { type ApiKeyVerifier, type AuthUser, authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createLogger } from '@perplexica/observability';
import { createRedis, createSlidingWindowLimiter } from '@perplexica/redis';
import {
  captureLogs,
  freePort,
  freshRedisPrefix,
  generateSigningKeyPair,
  type ListeningApp,
  listen,
  signTestAccessToken,
} from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp, parseRateLimits, rateLimit } from '../src/index.ts';
import { expectError } from './support.ts';

const prefix = freshRedisPrefix('ratelimit');
const redis = createRedis({ url: prefix.url, keyPrefix: prefix.prefix });
const keys = generateSigningKeyPair();
const logs = captureLogs();
let server: ListeningApp;

// As a service reads them from RATE_LIMITS, over its own defaults.
const limits = parseRateLimits('search=3/60s, public=2/1m', {
  search: { limit: 100, windowMs: 60_000 },
  default: { limit: 50, windowMs: 60_000 },
});

function keyUser(apiKeyId: string): AuthUser {
  return { id: 'u-keys', orgId: null, orgRole: null, role: 'user', via: 'api_key', scopes: ['*'], apiKeyId };
}
const apiKeys: ApiKeyVerifier = {
  verify: async (key) => ({ pk_alpha: keyUser('alpha'), pk_beta: keyUser('beta') })[key] ?? null,
};

function buildApp(trustProxy: boolean, limiterRedis = redis) {
  const app = createServiceApp({
    name: 'limited-svc',
    logger: createLogger({ service: 'limited-svc', destination: logs.stream }),
  });
  const limiter = createSlidingWindowLimiter(limiterRedis);
  const signedIn = authenticate({
    tokens: createTokenVerifier({
      publicKeyPem: keys.publicKeyPem,
      issuer: 'perplexica-auth',
      audience: 'perplexica',
    }),
    apiKeys,
  });
  app.get(
    '/search',
    signedIn,
    rateLimit({ limiter, group: 'search', rule: limits.search!, trustProxy }),
    (c) => c.json({ ok: true }),
  );
  app.get('/public', rateLimit({ limiter, group: 'public', rule: limits.public!, trustProxy }), (c) =>
    c.json({ ok: true }),
  );
  return app;
}

beforeAll(async () => {
  server = await listen(buildApp(false));
});
afterAll(async () => {
  await server.close();
  await prefix.clear();
  redis.disconnect();
  const unprefixed = createRedis({ url: prefix.url });
  expect(await unprefixed.keys(`${prefix.prefix}*`)).toEqual([]);
  unprefixed.disconnect();
});

const bearer = async (userId: string) =>
  `Bearer ${await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId })}`;
const hit = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers });

describe('parseRateLimits', () => {
  it('overrides defaults per group and understands ms, s, m and h', () => {
    expect(limits).toEqual({
      search: { limit: 3, windowMs: 60_000 },
      public: { limit: 2, windowMs: 60_000 },
      default: { limit: 50, windowMs: 60_000 },
    });
    expect(parseRateLimits('a=1/500ms,b=2/2h', {})).toEqual({
      a: { limit: 1, windowMs: 500 },
      b: { limit: 2, windowMs: 7_200_000 },
    });
    expect(parseRateLimits('', { x: { limit: 1, windowMs: 1 } })).toEqual({ x: { limit: 1, windowMs: 1 } });
  });

  it('rejects malformed entries at boot, naming them', () => {
    expect(() => parseRateLimits('search=lots', {})).toThrow('RATE_LIMITS entry "search=lots"');
    expect(() => parseRateLimits('search=5/60', {})).toThrow(/group=count\/60s/);
  });
});

describe('rateLimit middleware', () => {
  it('lets a signed-in user make N requests, then answers 429 with Retry-After in the one error shape', async () => {
    const alice = await bearer('alice');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await hit('/search', { authorization: alice });
      statuses.push(response.status);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await hit('/search', { authorization: alice });
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const error = await expectError(refused, 429, 'rate_limited');
    expect(error.details).toEqual({ group: 'search', limit: 3, windowMs: 60_000 });
    // The window is kept in Redis under the service prefix, per user.
    expect(await redis.zcard('ratelimit:search:user:alice')).toBe(3);
  });

  it('keeps a separate window per user', async () => {
    const bob = await bearer('bob');
    for (let i = 0; i < 3; i++) expect((await hit('/search', { authorization: bob })).status).toBe(200);
    expect((await hit('/search', { authorization: bob })).status).toBe(429);
    // Carol is not affected by Bob (or Alice) being throttled.
    expect((await hit('/search', { authorization: await bearer('carol') })).status).toBe(200);
  });

  it('keeps a separate window per API key, even for the same user', async () => {
    for (let i = 0; i < 3; i++)
      expect((await hit('/search', { authorization: 'Bearer pk_alpha' })).status).toBe(200);
    await expectError(await hit('/search', { authorization: 'Bearer pk_alpha' }), 429, 'rate_limited');
    expect((await hit('/search', { authorization: 'Bearer pk_beta' })).status).toBe(200);
    expect(await redis.zcard('ratelimit:search:key:alpha')).toBe(3);
  });

  it('limits anonymous callers per IP (the socket address without a trusted proxy)', async () => {
    // X-Forwarded-For is ignored here: a caller cannot dodge the limit by inventing one.
    expect((await hit('/public', { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200);
    expect((await hit('/public', { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
    await expectError(await hit('/public', { 'x-forwarded-for': '198.51.100.3' }), 429, 'rate_limited');
    expect(await redis.zcard('ratelimit:public:ip:127.0.0.1')).toBe(2);
  });

  it('behind a trusted proxy, limits per client IP as the proxy saw it', async () => {
    const proxied = await listen(buildApp(true));
    try {
      // The proxy appends the address it saw; whatever the client claimed comes first.
      const from = (ip: string, claimed: string) =>
        fetch(`${proxied.url}/public`, { headers: { 'x-forwarded-for': `${claimed}, ${ip}` } });
      expect((await from('203.0.113.7', '1.1.1.1')).status).toBe(200);
      expect((await from('203.0.113.7', '2.2.2.2')).status).toBe(200);
      expect((await from('203.0.113.7', '3.3.3.3')).status).toBe(429);
      expect((await from('203.0.113.8', '3.3.3.3')).status).toBe(200);
      const single = await fetch(`${proxied.url}/public`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(single.status).toBe(200);
      expect(await redis.zcard('ratelimit:public:ip:203.0.113.9')).toBe(1);
    } finally {
      await proxied.close();
    }
  });

  it('lets requests through (and logs a warning) when Redis is unreachable', async () => {
    const deadRedis = createRedis({ url: `redis://127.0.0.1:${await freePort()}` });
    const app = buildApp(false, deadRedis);
    try {
      const response = await app.request('/public', { headers: { 'x-request-id': 'limiter-down' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      const warning = logs.lines().find((line) => line.requestId === 'limiter-down' && line.level === 'warn');
      expect(warning?.msg).toMatch(/rate limiter unavailable/);
    } finally {
      deadRedis.disconnect();
    }
  });
});
