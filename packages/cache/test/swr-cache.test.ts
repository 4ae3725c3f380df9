import { acquireLock, createRedis, type Redis } from '@perplexica/redis';
import { freshRedisPrefix, type TestRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwrCache } from '../src/index.ts';

let prefix: TestRedisPrefix;
let redis: Redis;
beforeAll(() => {
  prefix = freshRedisPrefix('cache');
  redis = createRedis({ url: prefix.url, keyPrefix: prefix.prefix });
});
afterAll(async () => {
  redis.disconnect();
  await prefix.clear();
});

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

const freshness = { freshMs: 1_000, staleMs: 60_000 };

describe('stale-while-revalidate cache', () => {
  it('computes on a miss, serves fresh without loading, then stale at once while one refresh runs', async () => {
    const time = clock();
    const cache = createSwrCache({ redis, namespace: 'a:', memoryMs: 0, now: time.now });
    let loads = 0;
    const load = async () => ({ price: ++loads });
    expect(await cache.get('quote:AAPL', freshness, load)).toMatchObject({
      state: 'miss',
      json: '{"price":1}',
    });
    expect(await cache.get('quote:AAPL', freshness, load)).toMatchObject({
      state: 'fresh',
      json: '{"price":1}',
    });
    time.advance(2_000);
    expect(await cache.get('quote:AAPL', freshness, load)).toMatchObject({
      state: 'stale',
      json: '{"price":1}',
    });
    await expect.poll(() => loads).toBe(2);
    expect(await cache.get('quote:AAPL', freshness, load)).toMatchObject({
      state: 'fresh',
      json: '{"price":2}',
    });
  });

  it('loads a missing key once for a burst of concurrent requests', async () => {
    const cache = createSwrCache({ redis, namespace: 'b:', memoryMs: 0 });
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { items: [1, 2, 3] };
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cache.get('feed:top', freshness, load)),
    );
    expect(loads).toBe(1);
    expect(new Set(answers.map((answer) => answer.json))).toEqual(new Set(['{"items":[1,2,3]}']));
  });

  it('keeps serving the stale copy when the provider fails, and reports the failure', async () => {
    const time = clock();
    const failures: string[] = [];
    const cache = createSwrCache({
      redis,
      namespace: 'c:',
      memoryMs: 0,
      now: time.now,
      onBackgroundError: (key) => failures.push(key),
    });
    await cache.get('movers', freshness, async () => ({ gainers: ['X'] }));
    time.advance(5_000);
    const broken = async () => {
      throw new Error('provider down');
    };
    expect(await cache.get('movers', freshness, broken)).toMatchObject({
      state: 'stale',
      json: '{"gainers":["X"]}',
    });
    await expect.poll(() => failures).toEqual(['movers']);
    // Nothing cached at all: the failure is the caller's to answer (502/504).
    await expect(cache.get('never-cached', freshness, broken)).rejects.toThrow('provider down');
  });

  it('drops a value past its stale window: it is loaded again, not served', async () => {
    const cache = createSwrCache({ redis, namespace: 'd:', memoryMs: 0 });
    await cache.get('short', { freshMs: 10, staleMs: 50 }, async () => 'old');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cache.get('short', { freshMs: 10, staleMs: 50 }, async () => 'new')).toMatchObject({
      state: 'miss',
      json: '"new"',
    });
  });

  it('refresh recomputes now, and other processes see it through Redis', async () => {
    const writer = createSwrCache({ redis, namespace: 'e:', memoryMs: 0 });
    const reader = createSwrCache({ redis, namespace: 'e:', memoryMs: 0 });
    await writer.refresh('sectors', freshness, async () => ({ tech: 1.2 }));
    expect(await reader.get('sectors', freshness, async () => ({ tech: 0 }))).toMatchObject({
      state: 'fresh',
      json: '{"tech":1.2}',
    });
  });

  it('answers hot keys from memory without asking Redis', async () => {
    const cache = createSwrCache({ redis, namespace: 'f:', memoryMs: 10_000 });
    await cache.get('hot', freshness, async () => 'value');
    await redis.del('f:hot');
    expect(await cache.get('hot', freshness, async () => 'reloaded')).toMatchObject({
      state: 'fresh',
      json: '"value"',
    });
  });
});

describe('acquireLock', () => {
  it('lets one holder in at a time, frees on release, and expires a dead holder’s lock', async () => {
    const first = await acquireLock(redis, 'lock:discover', 200);
    expect(first).not.toBeNull();
    expect(await acquireLock(redis, 'lock:discover', 200)).toBeNull();
    await first?.release();
    const second = await acquireLock(redis, 'lock:discover', 100);
    expect(second).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Expired: taken by a third; the second's late release must not free the third's lock.
    const third = await acquireLock(redis, 'lock:discover', 5_000);
    expect(third).not.toBeNull();
    await second?.release();
    expect(await acquireLock(redis, 'lock:discover', 5_000)).toBeNull();
    await third?.release();
  });
});
