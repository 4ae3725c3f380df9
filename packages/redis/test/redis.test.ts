import { freePort, freshRedisPrefix } from '@perplexica/testing';
import type { Job, Queue } from 'bullmq';
import { Redis as RawRedis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, createSlidingWindowLimiter, followChannel, pingRedis } from '../src/index.ts';
import { createQueue, createWorker, defaultJobOptions, registerQueueMetrics } from '../src/queues.ts';

const testPrefix = freshRedisPrefix('redis-kit');
const redis = createRedis({ url: testPrefix.url, keyPrefix: testPrefix.prefix });
// Sees keys as they really are in Redis, without any prefix.
const raw = new RawRedis(testPrefix.url, { maxRetriesPerRequest: 1 });
const closers: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await testPrefix.clear();
  expect(await raw.keys(`${testPrefix.prefix}*`)).toEqual([]);
  redis.disconnect();
  raw.disconnect();
});

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits for the job to reach a final state, then reads it (reading first could see it half-done). */
async function settled(queue: Queue<any>, id: string, state: 'completed' | 'failed') {
  await until(`job ${id} to be ${state}`, async () =>
    (await queue.getJobState(id)) === state ? true : undefined,
  );
  return queue.getJob(id);
}

describe('createRedis', () => {
  it('prefixes every key it touches', async () => {
    await redis.set('greeting', 'hello');
    expect(await raw.get(`${testPrefix.prefix}greeting`)).toBe('hello');
    expect(await raw.get('greeting')).toBeNull();
    expect(await redis.get('greeting')).toBe('hello');
  });

  it('pingRedis resolves against a live server and rejects in time against a dead one', async () => {
    await expect(pingRedis(redis)).resolves.toBeUndefined();
    const dead = createRedis({ url: `redis://127.0.0.1:${await freePort()}` });
    const started = Date.now();
    await expect(pingRedis(dead, 300)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    dead.disconnect();
  });
});

describe('followChannel', () => {
  it('hears what is published on the channel (no key prefix on channels), and stops with its client', async () => {
    const channel = `${testPrefix.prefix}events`;
    const owner = createRedis({ url: testPrefix.url, keyPrefix: testPrefix.prefix });
    const heard: string[] = [];
    followChannel(owner, channel, (message) => heard.push(message));
    // A publisher without any prefix reaches it: the channel name is used as given.
    await until(
      'the subscription',
      async () => ((await raw.pubsub('NUMSUB', channel)) as [string, number])[1] === 1 || undefined,
    );
    await raw.publish(channel, 'key-1');
    await raw.publish(`${channel}-other`, 'not for us');
    await until('the message', () => (heard.length > 0 ? true : undefined));
    expect(heard).toEqual(['key-1']);

    owner.disconnect();
    await until(
      'the unsubscription',
      async () => ((await raw.pubsub('NUMSUB', channel)) as [string, number])[1] === 0 || undefined,
    );
  });
});

describe('createSlidingWindowLimiter', () => {
  const limiter = createSlidingWindowLimiter(redis);

  it('allows `limit` hits per window, then refuses with the time until a slot frees up', async () => {
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await limiter.hit('login:alice', 3, 60_000));
    expect(outcomes.map((o) => o.allowed)).toEqual([true, true, true, false]);
    expect(outcomes.map((o) => o.remaining)).toEqual([2, 1, 0, 0]);
    expect(outcomes[3]!.retryAfterMs).toBeGreaterThan(59_000);
    expect(outcomes[3]!.retryAfterMs).toBeLessThanOrEqual(60_000);
    // The window lives under the client's key prefix.
    expect(await raw.zcard(`${testPrefix.prefix}ratelimit:login:alice`)).toBe(3);
  });

  it('keeps separate windows per key', async () => {
    for (let i = 0; i < 2; i++) await limiter.hit('k:one', 2, 60_000);
    expect((await limiter.hit('k:one', 2, 60_000)).allowed).toBe(false);
    expect((await limiter.hit('k:two', 2, 60_000)).allowed).toBe(true);
  });

  it('slides: a slot frees up once the oldest hit leaves the window', async () => {
    const window = 1_000;
    expect((await limiter.hit('slide', 2, window)).allowed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await limiter.hit('slide', 2, window)).allowed).toBe(true);
    const refused = await limiter.hit('slide', 2, window);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(window - 450);
    await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs + 30));
    // The first hit left the window, the second did not: exactly one slot.
    expect((await limiter.hit('slide', 2, window)).allowed).toBe(true);
    expect((await limiter.hit('slide', 2, window)).allowed).toBe(false);
  });

  it('peek counts without consuming; reset forgets', async () => {
    await limiter.hit('peeked', 2, 60_000);
    expect(await limiter.peek('peeked', 2, 60_000)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await limiter.peek('peeked', 2, 60_000)).toMatchObject({ allowed: true, remaining: 1 });
    await limiter.hit('peeked', 2, 60_000);
    expect((await limiter.peek('peeked', 2, 60_000)).allowed).toBe(false);
    await limiter.reset('peeked');
    expect(await limiter.peek('peeked', 2, 60_000)).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe('BullMQ helpers', () => {
  const bullPrefix = `${testPrefix.prefix}bull`;

  it('queues and processes a job under the service prefix', async () => {
    const queue = createQueue<{ n: number }>('squares', { url: testPrefix.url, prefix: bullPrefix });
    const done: number[] = [];
    const worker = createWorker<{ n: number }, number>(
      'squares',
      async (job) => {
        done.push(job.data.n);
        return job.data.n * job.data.n;
      },
      { url: testPrefix.url, prefix: bullPrefix },
    );
    closers.push(
      () => worker.close(),
      () => queue.close(),
    );
    const job = await queue.add('square', { n: 7 });
    const finished = await settled(queue, job.id as string, 'completed');
    expect(finished?.returnvalue).toBe(49);
    expect(done).toEqual([7]);
    expect(await raw.exists(`${bullPrefix}:squares:meta`)).toBe(1);
    expect(await raw.exists('bull:squares:meta')).toBe(0);
    // Jobs carry the kit's retry defaults unless told otherwise.
    expect(finished?.opts.attempts).toBe(defaultJobOptions.attempts);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const queue = createQueue<{ failTimes: number }>('flaky', { url: testPrefix.url, prefix: bullPrefix });
    const attempts: number[] = [];
    const worker = createWorker<{ failTimes: number }>(
      'flaky',
      async (job: Job<{ failTimes: number }>) => {
        attempts.push(job.attemptsMade);
        if (job.attemptsMade < job.data.failTimes) throw new Error(`transient failure ${job.attemptsMade}`);
        return 'ok';
      },
      { url: testPrefix.url, prefix: bullPrefix },
    );
    closers.push(
      () => worker.close(),
      () => queue.close(),
    );
    // Default attempts (5); a short fixed backoff keeps the test fast.
    const job = await queue.add('try', { failTimes: 2 }, { backoff: { type: 'fixed', delay: 50 } });
    const finished = await settled(queue, job.id as string, 'completed');
    expect(attempts).toEqual([0, 1, 2]);
    expect(finished?.attemptsMade).toBe(3);
    expect(finished?.returnvalue).toBe('ok');
  });

  it('gives up after the configured attempts and keeps the failed job', async () => {
    const queue = createQueue<object>('doomed', { url: testPrefix.url, prefix: bullPrefix });
    let calls = 0;
    const worker = createWorker<object>(
      'doomed',
      async () => {
        calls += 1;
        throw new Error('always fails');
      },
      { url: testPrefix.url, prefix: bullPrefix },
    );
    closers.push(
      () => worker.close(),
      () => queue.close(),
    );
    const job = await queue.add('never', {}, { attempts: 2, backoff: { type: 'fixed', delay: 20 } });
    const failed = await settled(queue, job.id as string, 'failed');
    expect(calls).toBe(2);
    expect(failed?.failedReason).toBe('always fails');
  });
});

describe('registerQueueMetrics', () => {
  it("reports each queue's jobs by state when scraped", async () => {
    const { Registry } = await import('prom-client');
    const queue = createQueue<{ n: number }>('metered', {
      url: testPrefix.url,
      prefix: `${testPrefix.prefix}bull`,
    });
    closers.push(() => queue.obliterate({ force: true }).then(() => queue.close()));
    const registry = new Registry();
    registerQueueMetrics(registry, [queue]);
    await queue.add('job', { n: 1 });
    await queue.add('job', { n: 2 }, { delay: 60_000 });
    const text = await registry.metrics();
    expect(text).toContain('queue_jobs{queue="metered",state="waiting"} 1');
    expect(text).toContain('queue_jobs{queue="metered",state="delayed"} 1');
    expect(text).toContain('queue_jobs{queue="metered",state="failed"} 0');
  });
});
