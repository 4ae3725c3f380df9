import {
  ARTICLE_PARAGRAPHS,
  ARTICLE_TITLE,
  type FakeWebsite,
  type FixtureDocument,
  METADATA_URL,
  startFakeSearxng,
  startFakeWebsite,
} from '@perplexica/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { searchCacheKey } from '../src/search/search-cache.ts';
import { call, internal, type SearchServiceUnderTest, startSearchService } from './harness.ts';

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
    const counted = async (result: string) => {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find((l) => l.startsWith('search_cache_requests_total') && l.includes(`result="${result}"`));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const [hitsBefore, missesBefore] = [await counted('hit'), await counted('miss')];
    const query = fresh('wind turbines');
    const first = await internal(service.url, 'search', { query });
    const count = searxng.searchCount();
    const second = await internal(service.url, 'search', { query: `  ${query.toUpperCase()} ` });
    expect(searxng.searchCount()).toBe(count);
    expect(second.body.cached).toBe(true);
    expect(second.body.results).toEqual(first.body.results);
    // The dashboard's hit rate counts both.
    expect(await counted('miss')).toBe(missesBefore + 1);
    expect(await counted('hit')).toBe(hitsBefore + 1);
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

  it('merges results for the same page (canonical URL) into one, with the union of engines', async () => {
    const response = await internal(service.url, 'search', { query: fresh('REM sleep cycles'), limit: 50 });
    expect(response.status).toBe(200);
    const sleepFoundation = response.body.results.filter((r: { url: string }) =>
      r.url.includes('sleepfoundation.org/how-sleep-works'),
    );
    expect(sleepFoundation).toHaveLength(1);
    expect([...sleepFoundation[0].engines].sort()).toEqual(['bing', 'google']);
  });

  it('caches per category: news briefly, general for longer', async () => {
    const news = fresh('markets');
    const general = fresh('markets');
    await internal(service.url, 'search', { query: news, categories: ['news'] });
    await internal(service.url, 'search', { query: general });
    const newsTtl = await service.redis.ttl(searchCacheKey({ query: news, categories: ['news'], pageno: 1 }));
    const generalTtl = await service.redis.ttl(
      searchCacheKey({ query: general, categories: ['general'], pageno: 1 }),
    );
    expect(newsTtl).toBeGreaterThan(0);
    expect(newsTtl).toBeLessThanOrEqual(300);
    expect(generalTtl).toBeGreaterThan(300);
    expect(generalTtl).toBeLessThanOrEqual(3600);
  });

  it('patents: a signed-in user gets google_patents results; no token → 401', async () => {
    const before = searxng.calls.length;
    const response = await call(
      `${service.url}/api/v1/patents?q=${encodeURIComponent(fresh('solar cell'))}`,
      {
        token: await service.userToken(),
        serviceToken: null,
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.results.length).toBeGreaterThan(0);
    for (const result of response.body.results) {
      expect(result.url).toMatch(/^https:\/\/patents\.google\.com\//);
      expect(result.engines).toContain('google_patents');
    }
    expect(searxng.calls[before]?.query.engines).toBe('google_patents');
    const anonymous = await call(`${service.url}/api/v1/patents?q=solar`, { serviceToken: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
  });
});

describe('research through SearXNG: parallel queries, de-duplication, reading the best pages', () => {
  let website: FakeWebsite;
  let searxng: FakeSearxng;
  let service: SearchServiceUnderTest;

  beforeAll(async () => {
    website = await startFakeWebsite();
    const doc = (path: string, title: string, engines = ['google']): FixtureDocument => ({
      url: `${website.url}${path}`,
      title,
      content: `All about solar panels and photovoltaic cells (${title}).`,
      engines,
      category: 'general',
      publishedDate: null,
    });
    searxng = await startFakeSearxng({
      corpus: [
        doc('/article', 'solar article'),
        doc('/article?utm_source=feed', 'solar article again', ['bing']),
        { ...doc('', 'solar metadata'), url: METADATA_URL },
        doc('/redirect-to-article', 'solar redirect'),
        doc('/not-html', 'solar archive'),
      ],
    });
    service = await startSearchService({
      SEARXNG_URL: searxng.url,
      // Only the fake website may be reached although it lives on loopback.
      FETCH_ALLOW_PRIVATE_HOSTS: new URL(website.url).host,
    });
  });
  afterAll(async () => {
    await service?.close();
    await searxng?.close();
    await website?.close();
  });

  it('merges the queries, reads the best pages and tries the next candidate for each it cannot read', async () => {
    const response = await internal(service.url, 'research', {
      queries: ['solar panels', 'photovoltaic cells', 'solar article'],
      // Three wanted, two readable: every candidate is tried, the unreadable ones are reported.
      readPages: 3,
      maxCharsPerPage: 2000,
    });
    expect(response.status).toBe(200);
    expect(response.body.backend).toBe('searxng');
    expect(searxng.searchCount()).toBe(3);
    const urls: string[] = response.body.results.map((r: { url: string }) => r.url);
    // The tracking-parameter copy of /article is merged into it.
    expect(urls.filter((url) => url.includes('/article'))).toHaveLength(1);
    expect(urls).toHaveLength(4);
    expect(response.body.failures).toHaveLength(2);
    expect(response.body.failures).toContainEqual({ url: METADATA_URL, reason: 'private_address' });
    expect(response.body.failures).toContainEqual({ url: `${website.url}/not-html`, reason: 'not_html' });
    expect(response.body.pages).toHaveLength(2);
    for (const page of response.body.pages) {
      expect(page.text).toContain(ARTICLE_PARAGRAPHS[0]?.slice(0, 60));
      expect(page.title).toContain(ARTICLE_TITLE);
    }
  });

  it('a query without results does not sink the others; every query failing gives the search error', async () => {
    searxng.setMode('forbidden');
    try {
      // A query not asked before: cached answers would (rightly) still be served.
      const response = await internal(service.url, 'research', {
        queries: ['photovoltaic panels'],
        readPages: 0,
      });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('searxng_misconfigured');
    } finally {
      searxng.setMode('ok');
    }
    const mixed = await internal(service.url, 'research', {
      queries: ['solar panels', 'nothing matches zebra'],
      readPages: 0,
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body.results.length).toBeGreaterThan(0);
    expect(mixed.body.pages).toEqual([]);
  });
});
