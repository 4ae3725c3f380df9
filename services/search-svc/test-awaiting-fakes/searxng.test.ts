import { startFakeSearxng } from '@perplexica/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { internal, type SearchServiceUnderTest, startSearchService } from '../test/harness.ts';

type FakeSearxng = Awaited<ReturnType<typeof startFakeSearxng>>;

describe('search through SearXNG', () => {
  let searxng: FakeSearxng;
  let service: SearchServiceUnderTest;
  let counter = 0;
  // Each test asks something new, so the cache never answers for another test.
  const fresh = (text: string) => `${text} ${++counter}`;

  beforeAll(async () => {
    searxng = await startFakeSearxng();
    service = await startSearchService({ SEARXNG_URL: searxng.url, SEARXNG_BREAKER_FAILURES: '100' });
  });
  afterEach(() => searxng.setMode('ok'));
  afterAll(async () => {
    await service?.close();
    await searxng?.close();
  });

  it('answers normalised results with the backend and cache flag', async () => {
    const response = await internal(service.url, 'search', { query: fresh('solar energy'), limit: 5 });
    expect(response.status).toBe(200);
    expect(response.body.backend).toBe('searxng');
    expect(response.body.cached).toBe(false);
    expect(response.body.results.length).toBeGreaterThan(0);
    expect(response.body.results.length).toBeLessThanOrEqual(5);
    for (const result of response.body.results) {
      expect(Object.keys(result).sort()).toEqual([
        'engines',
        'publishedDate',
        'snippet',
        'thumbnail',
        'title',
        'url',
      ]);
      expect(result.url).toMatch(/^https?:\/\//);
      expect(Array.isArray(result.engines) && result.engines.length > 0).toBe(true);
      if (result.publishedDate !== null)
        expect(new Date(result.publishedDate).toISOString()).toBe(result.publishedDate);
    }
  });

  it('passes focus, language, time range, safesearch and page on to SearXNG', async () => {
    const before = searxng.calls.length;
    await internal(service.url, 'search', {
      query: fresh('papers'),
      focus: 'academic',
      language: 'de',
      timeRange: 'month',
      safesearch: 2,
      pageno: 2,
    });
    const call = searxng.calls[before] as unknown as { url?: string; query?: Record<string, string> };
    const params = call.query ?? Object.fromEntries(new URL(call.url ?? '', 'http://x').searchParams);
    expect(params).toMatchObject({
      format: 'json',
      categories: 'science',
      language: 'de',
      time_range: 'month',
      safesearch: '2',
      pageno: '2',
    });
  });

  it('a second identical search is served from the cache without calling SearXNG', async () => {
    const query = fresh('wind turbines');
    const first = await internal(service.url, 'search', { query });
    const count = searxng.searchCount();
    const second = await internal(service.url, 'search', { query: `  ${query.toUpperCase()} ` });
    expect(searxng.searchCount()).toBe(count);
    expect(second.body.cached).toBe(true);
    expect(second.body.results).toEqual(first.body.results);
  });

  it('surfaces unresponsive engines', async () => {
    searxng.setUnresponsiveEngines([['google', 'timeout']]);
    try {
      const response = await internal(service.url, 'search', { query: fresh('rivers') });
      expect(response.body.unresponsiveEngines).toEqual([{ engine: 'google', reason: 'timeout' }]);
    } finally {
      searxng.setUnresponsiveEngines([]);
    }
  });

  it('403 from SearXNG → 502 searxng_misconfigured naming the settings.yml setting', async () => {
    searxng.setMode('forbidden');
    const response = await internal(service.url, 'search', { query: fresh('anything') });
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('searxng_misconfigured');
    expect(response.body.error.message).toContain('403');
    expect(response.body.error.message).toContain('settings.yml');
    expect(response.body.error.message).toContain('formats: [html, json]');
  });

  it('HTML from SearXNG → 502 searxng_misconfigured naming the setting', async () => {
    searxng.setMode('html');
    const response = await internal(service.url, 'search', { query: fresh('anything') });
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('searxng_misconfigured');
    expect(response.body.error.message).toContain('text/html');
    expect(response.body.error.message).toContain('formats: [html, json]');
  });

  it('a failing SearXNG → 502 search_unavailable, and failures are not cached', async () => {
    const query = fresh('outage');
    searxng.setMode('error500');
    const failed = await internal(service.url, 'search', { query });
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('search_unavailable');
    searxng.setMode('ok');
    const healed = await internal(service.url, 'search', { query });
    expect(healed.status).toBe(200);
    expect(healed.body.cached).toBe(false);
  });

  it('the local focus never calls SearXNG', async () => {
    const count = searxng.searchCount();
    const response = await internal(service.url, 'search', { query: fresh('notes'), focus: 'local' });
    expect(response.status).toBe(200);
    expect(response.body.backend).toBe('local');
    expect(searxng.searchCount()).toBe(count);
  });

  it('research runs several queries, merges duplicates across them and reports unreadable pages', async () => {
    const response = await internal(service.url, 'research', {
      queries: [fresh('solar energy'), fresh('solar energy')],
      readPages: 2,
    });
    expect(response.status).toBe(200);
    expect(response.body.backend).toBe('searxng');
    const urls: string[] = response.body.results.map((r: { url: string }) => r.url);
    expect(new Set(urls).size).toBe(urls.length);
    // The double's result URLs are public names that do not resolve here, or private: none is read.
    expect(response.body.pages.length + response.body.failures.length).toBe(Math.min(2, urls.length));
  });
});
