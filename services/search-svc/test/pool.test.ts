import { startFakeSearxng } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internal, type SearchServiceUnderTest, startSearchService } from './harness.ts';

type FakeSearxng = Awaited<ReturnType<typeof startFakeSearxng>>;

let counter = 0;
// Every query matches the double's sleep pages, and each is new so the cache never answers.
const fresh = (text: string) => `sleep ${text} ${++counter}`;

describe('SearXNG pool: round-robin, failover, circuit breaker', () => {
  let first: FakeSearxng;
  let second: FakeSearxng;
  let service: SearchServiceUnderTest;

  beforeAll(async () => {
    first = await startFakeSearxng();
    second = await startFakeSearxng();
    service = await startSearchService({
      SEARXNG_URL: `${first.url},${second.url}`,
      SEARXNG_BREAKER_FAILURES: '2',
      // Long enough that the open-circuit requests below all finish inside it, even on a slow machine.
      SEARXNG_BREAKER_COOLDOWN_MS: '1000',
    });
  });
  afterAll(async () => {
    await service?.close();
    await first?.close();
    await second?.close();
  });

  it('spreads requests over the instances in turn', async () => {
    const before = [first.searchCount(), second.searchCount()];
    for (let i = 0; i < 4; i += 1) {
      expect((await internal(service.url, 'search', { query: fresh('round robin') })).status).toBe(200);
    }
    expect(first.searchCount() - (before[0] as number)).toBe(2);
    expect(second.searchCount() - (before[1] as number)).toBe(2);
  });

  it('fails over to the next instance, opens the broken one’s circuit, and closes it after the cool-down', async () => {
    first.setMode('error500');
    // Four requests: the broken instance is tried first on two of them, then its circuit opens.
    for (let i = 0; i < 4; i += 1) {
      const response = await internal(service.url, 'search', { query: fresh('failover') });
      expect(response.status).toBe(200);
      expect(response.body.results.length).toBeGreaterThan(0);
    }
    const brokenCalls = first.searchCount();
    for (let i = 0; i < 4; i += 1) {
      expect((await internal(service.url, 'search', { query: fresh('circuit open') })).status).toBe(200);
    }
    expect(first.searchCount()).toBe(brokenCalls);

    first.setMode('ok');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (let i = 0; i < 4; i += 1) {
      expect((await internal(service.url, 'search', { query: fresh('circuit closed') })).status).toBe(200);
    }
    expect(first.searchCount()).toBeGreaterThan(brokenCalls + 1);
  });

  it('answers search_unavailable when every instance fails', async () => {
    first.setMode('error500');
    second.setMode('error500');
    try {
      const response = await internal(service.url, 'search', { query: fresh('all down') });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('search_unavailable');
    } finally {
      first.setMode('ok');
      second.setMode('ok');
    }
  });
});

describe('SearXNG pool: bounded queue', () => {
  let searxng: FakeSearxng;
  let service: SearchServiceUnderTest;

  beforeAll(async () => {
    searxng = await startFakeSearxng();
    service = await startSearchService({
      SEARXNG_URL: searxng.url,
      SEARXNG_CONCURRENCY: '1',
      SEARXNG_QUEUE: '1',
      SEARXNG_TIMEOUT_MS: '1000',
      SEARXNG_RETRY_AFTER_SECONDS: '3',
    });
  });
  afterAll(async () => {
    await service?.close();
    await searxng?.close();
  });

  it('a full queue answers 503 overloaded with Retry-After instead of piling up', async () => {
    searxng.setMode('hang');
    try {
      const responses = await Promise.all(
        [1, 2, 3].map((i) => internal(service.url, 'search', { query: fresh(`busy ${i}`) })),
      );
      const overloaded = responses.filter((r) => r.status === 503);
      expect(overloaded).toHaveLength(1);
      expect(overloaded[0]?.body.error.code).toBe('overloaded');
      expect(overloaded[0]?.headers.get('retry-after')).toBe('3');
      // The two that got a slot and a queue place waited for the hung SearXNG and timed out.
      expect(responses.filter((r) => r.status === 502)).toHaveLength(2);
    } finally {
      searxng.setMode('ok');
    }
  });
});
