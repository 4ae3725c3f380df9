import {
  defaultSearxngCorpus,
  type FakeSearxng,
  searchFilterCorpus,
  startFakeSearxng,
} from '@perplexica/fakes';
import { createLogger } from '@perplexica/observability';
import { captureLogs } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchCache, searchCacheKey } from '../src/search/search-cache.ts';
import {
  applySearchFilters,
  passesFilters,
  searxngTimeRange,
  withSiteTerms,
} from '../src/search/search-filters.ts';
import { createSearchService } from '../src/search/search-service.ts';
import type { SearchResult } from '../src/search/types.ts';
import { createSearxngPool } from '../src/searxng/searxng-pool.ts';
import { internal, type SearchServiceUnderTest, startSearchService } from './harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-15T12:00:00.000Z');

const result = (url: string, publishedDate: string | null = null): SearchResult => ({
  title: url,
  url,
  snippet: '',
  engines: ['google'],
  publishedDate,
  thumbnail: null,
});
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const hostOf = (url: string) => new URL(url).hostname;
/** YYYY-MM-DD of a moment, the way chat-svc sends dates. */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('the post-filter', () => {
  it('an allowed domain keeps the domain and its subdomains, never look-alikes; www. does not matter', () => {
    const filters = { allowDomains: ['energy.gov'] };
    const keep = (url: string) => passesFilters(result(url), filters, NOW);
    expect(keep('https://energy.gov/a')).toBe(true);
    expect(keep('https://www.energy.gov/a')).toBe(true);
    expect(keep('https://windexchange.energy.gov/a')).toBe(true);
    expect(keep('https://notenergy.gov/a')).toBe(false);
    expect(keep('https://energy.gov.example.net/a')).toBe(false);
    expect(keep('file:///home/me/energy.gov.txt')).toBe(false);
    expect(passesFilters(result('https://nasa.gov/x'), { allowDomains: ['www.nasa.gov'] }, NOW)).toBe(true);
  });

  it('a denied domain drops it and its subdomains only', () => {
    const filters = { denyDomains: ['reddit.com'] };
    expect(passesFilters(result('https://old.reddit.com/r/x'), filters, NOW)).toBe(false);
    expect(passesFilters(result('https://notreddit.com/'), filters, NOW)).toBe(true);
    expect(passesFilters(result('file:///notes.md'), filters, NOW)).toBe(true);
  });

  it('recency keeps what was published inside the window and drops undated results', () => {
    const filters = { recency: 'hour' as const };
    expect(passesFilters(result('https://a.com', ago(59 * 60_000)), filters, NOW)).toBe(true);
    expect(passesFilters(result('https://a.com', ago(61 * 60_000)), filters, NOW)).toBe(false);
    expect(passesFilters(result('https://a.com', null), filters, NOW)).toBe(false);
    expect(passesFilters(result('https://a.com', 'not a date'), filters, NOW)).toBe(false);
    expect(passesFilters(result('https://a.com', ago(29 * DAY)), { recency: 'month' }, NOW)).toBe(true);
    expect(passesFilters(result('https://a.com', ago(31 * DAY)), { recency: 'month' }, NOW)).toBe(false);
  });

  it('a date window is whole UTC days, both ends included; with recency both apply', () => {
    const filters = { publishedAfter: '2026-03-01', publishedBefore: '2026-03-05' };
    const keep = (date: string) => passesFilters(result('https://a.com', date), filters, NOW);
    expect(keep('2026-03-01T00:00:00.000Z')).toBe(true);
    expect(keep('2026-03-05T23:59:59.000Z')).toBe(true);
    expect(keep('2026-02-28T23:59:59.000Z')).toBe(false);
    expect(keep('2026-03-06T00:00:00.000Z')).toBe(false);
    const both = { recency: 'week' as const, publishedBefore: '2026-03-10' };
    expect(passesFilters(result('https://a.com', '2026-03-09T00:00:00.000Z'), both, NOW)).toBe(true);
    expect(passesFilters(result('https://a.com', '2026-03-11T00:00:00.000Z'), both, NOW)).toBe(false);
    expect(passesFilters(result('https://a.com', '2026-03-01T00:00:00.000Z'), both, NOW)).toBe(false);
  });

  it('counts what it removed, and leaves results alone without filters', () => {
    const results = [result('https://a.com'), result('https://b.com')];
    expect(applySearchFilters(results, { allowDomains: ['a.com'] }, NOW)).toEqual({
      results: [results[0]],
      filteredOut: 1,
    });
    expect(applySearchFilters(results, {}, NOW)).toEqual({ results, filteredOut: 0 });
    expect(applySearchFilters(results, undefined, NOW)).toEqual({ results, filteredOut: 0 });
  });
});

describe('what SearXNG is asked', () => {
  it('the narrowest time_range that covers the window; none past a year or without a start', () => {
    expect(searxngTimeRange({ recency: 'hour' }, NOW)).toBe('day');
    expect(searxngTimeRange({ recency: 'week' }, NOW)).toBe('week');
    expect(searxngTimeRange({ recency: 'month' }, NOW)).toBe('month');
    expect(searxngTimeRange({ publishedAfter: dayOf(NOW - 10 * DAY) }, NOW)).toBe('month');
    expect(searxngTimeRange({ publishedAfter: dayOf(NOW - 2 * 365 * DAY) }, NOW)).toBeUndefined();
    expect(searxngTimeRange({ publishedBefore: dayOf(NOW - DAY) }, NOW)).toBeUndefined();
    expect(searxngTimeRange({ allowDomains: ['a.com'] }, NOW)).toBeUndefined();
  });

  it('site: terms for a short allow-list and every denied domain; none for a long allow-list', () => {
    expect(withSiteTerms('wind', { allowDomains: ['a.com', 'b.org'] })).toBe('wind site:a.com OR site:b.org');
    expect(withSiteTerms('wind', { denyDomains: ['a.com', 'b.org'] })).toBe('wind -site:a.com -site:b.org');
    const many = Array.from({ length: 6 }, (_, i) => `d${i}.com`);
    expect(withSiteTerms('wind', { allowDomains: many })).toBe('wind');
    expect(withSiteTerms('wind', undefined)).toBe('wind');
  });
});

describe('the cache key', () => {
  const query = { query: 'Offshore wind', categories: ['general'], pageno: 1 };

  it('differs with the filters, and is the unfiltered key without them', () => {
    const plain = searchCacheKey(query);
    expect(searchCacheKey(query, {})).toBe(plain);
    const keys = [
      plain,
      searchCacheKey(query, { allowDomains: ['a.com'] }),
      searchCacheKey(query, { denyDomains: ['a.com'] }),
      searchCacheKey(query, { recency: 'day' }),
      searchCacheKey(query, { recency: 'week' }),
      searchCacheKey(query, { publishedAfter: '2026-01-01' }),
      searchCacheKey(query, { publishedBefore: '2026-01-01' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the same for the same filters written differently', () => {
    expect(searchCacheKey(query, { allowDomains: ['b.com', 'www.a.com', 'a.com'] })).toBe(
      searchCacheKey(query, { allowDomains: ['a.com', 'b.com'] }),
    );
  });
});

describe('filtered search over HTTP', () => {
  let honouring: FakeSearxng;
  // Engines that ignore site: operators: only the post-filter stands between them and the caller.
  let ignoring: FakeSearxng;
  let service: SearchServiceUnderTest;
  let ignorant: SearchServiceUnderTest;
  let counter = 0;
  const fresh = (text: string) => `${text} ${++counter}`;

  beforeAll(async () => {
    const corpus = [...defaultSearxngCorpus, ...searchFilterCorpus()];
    honouring = await startFakeSearxng({ corpus });
    ignoring = await startFakeSearxng({ corpus, ignoreSiteOperators: true });
    service = await startSearchService({ SEARXNG_URL: honouring.url, LOG_LEVEL: 'warn' });
    ignorant = await startSearchService({ SEARXNG_URL: ignoring.url, LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await Promise.allSettled([service?.close(), ignorant?.close()]);
    await Promise.allSettled([honouring?.close(), ignoring?.close()]);
  });

  it('an allow-list: site: terms go to SearXNG, and the post-filter holds where engines ignore them', async () => {
    const query = fresh('offshore wind turbine');
    const response = await internal(ignorant.url, 'search', {
      query,
      limit: 20,
      filters: { allowDomains: ['energy.gov'] },
    });
    expect(response.status).toBe(200);
    expect(ignoring.calls.at(-1)?.query.q).toBe(`${query} site:energy.gov`);
    const hosts = response.body.results.map((r: SearchResult) => hostOf(r.url));
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) expect(['www.energy.gov', 'windexchange.energy.gov']).toContain(host);
    expect(response.body.filteredOut).toBeGreaterThan(0);
  });

  it('a deny-list: none of the denied hosts, the rest come back', async () => {
    const response = await internal(ignorant.url, 'search', {
      query: fresh('offshore wind turbine'),
      filters: { denyDomains: ['energy.gov', 'reuters.com'] },
    });
    const hosts = response.body.results.map((r: SearchResult) => hostOf(r.url));
    expect(hosts.length).toBeGreaterThan(3);
    for (const host of hosts) expect(host).not.toMatch(/(^|\.)energy\.gov$|(^|\.)reuters\.com$/);
  });

  it('recency hour: SearXNG is asked for a day, and only the past hour comes back', async () => {
    const response = await internal(service.url, 'search', {
      query: fresh('offshore wind'),
      limit: 20,
      filters: { recency: 'hour' },
    });
    expect(honouring.calls.at(-1)?.query.time_range).toBe('day');
    // The fake also returns the 6-hour-old page and the undated Wikipedia page for "day".
    expect(response.body.results.map((r: SearchResult) => r.url)).toEqual([
      'https://www.energy.gov/eere/wind/offshore-wind-update',
    ]);
    expect(response.body.filteredOut).toBeGreaterThanOrEqual(2);
  });

  it('a date window keeps dated results inside it only', async () => {
    const now = Date.now();
    const response = await internal(service.url, 'search', {
      query: fresh('offshore wind'),
      limit: 20,
      filters: { publishedAfter: dayOf(now - 25 * DAY), publishedBefore: dayOf(now - 5 * DAY) },
    });
    const urls: string[] = response.body.results.map((r: SearchResult) => r.url);
    expect(urls).toEqual(
      expect.arrayContaining(['https://www.bbc.com/news/science-environment-offshore-wind']),
    );
    for (const r of response.body.results as SearchResult[]) {
      const published = Date.parse(r.publishedDate as string);
      expect(published).toBeGreaterThanOrEqual(Date.parse(`${dayOf(now - 25 * DAY)}T00:00:00Z`));
      expect(published).toBeLessThan(Date.parse(`${dayOf(now - 4 * DAY)}T00:00:00Z`));
    }
  });

  it('research applies the filters before choosing pages to read', async () => {
    const response = await internal(ignorant.url, 'research', {
      queries: [fresh('offshore wind turbine'), fresh('offshore wind farms')],
      readPages: 2,
      maxCharsPerPage: 1000,
      filters: { allowDomains: ['sec.gov'] },
    });
    expect(response.status).toBe(200);
    const hosts = response.body.results.map((r: SearchResult) => hostOf(r.url));
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) expect(host).toMatch(/(^|\.)sec\.gov$/);
    for (const failure of response.body.failures) expect(hostOf(failure.url)).toMatch(/(^|\.)sec\.gov$/);
    expect(response.body.filteredOut).toBeGreaterThan(0);
  });

  it('a filtered search has its own cache entry, served filtered again on a hit', async () => {
    const query = fresh('offshore wind turbine');
    const calls = () => honouring.searchCount();
    const start = calls();
    const plain = await internal(service.url, 'search', { query, limit: 20 });
    const filtered = await internal(service.url, 'search', {
      query,
      limit: 20,
      filters: { denyDomains: ['bbc.com'] },
    });
    expect(calls() - start).toBe(2);
    expect(filtered.body.cached).toBe(false);
    const again = await internal(service.url, 'search', {
      query,
      limit: 20,
      filters: { denyDomains: ['bbc.com'] },
    });
    expect(calls() - start).toBe(2);
    expect(again.body.cached).toBe(true);
    expect(again.body.results).toEqual(filtered.body.results);
    expect(plain.body.results.some((r: SearchResult) => hostOf(r.url) === 'www.bbc.com')).toBe(true);
    expect(again.body.results.some((r: SearchResult) => hostOf(r.url) === 'www.bbc.com')).toBe(false);
  });

  it.each([
    [{ allowDomains: ['https://energy.gov/wind'] }, 'body.filters.allowDomains.0'],
    [{ allowDomains: ['not a host'] }, 'body.filters.allowDomains.0'],
    [{ denyDomains: Array.from({ length: 21 }, (_, i) => `d${i}.com`) }, 'body.filters.denyDomains'],
    [{ recency: 'decade' }, 'body.filters.recency'],
    [{ publishedAfter: '03/01/2026' }, 'body.filters.publishedAfter'],
    [{ publishedBefore: '2026-02-30' }, 'body.filters.publishedBefore'],
    [{ publishedAfter: '2026-03-05', publishedBefore: '2026-03-01' }, 'body.filters.publishedAfter'],
    [{ domains: ['a.com'] }, 'body.filters'],
  ])('bad filters %j → 400 naming %s', async (filters, path) => {
    const response = await internal(service.url, 'search', { query: 'wind', filters });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});

describe('a cached answer and a moving window', () => {
  let searxng: FakeSearxng;
  let service: SearchServiceUnderTest;
  beforeAll(async () => {
    searxng = await startFakeSearxng({ corpus: searchFilterCorpus() });
    service = await startSearchService({ LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await service?.close();
    await searxng?.close();
  });

  it('a result that ages out of "the past hour" while cached is no longer served', async () => {
    let clock = Date.now();
    const logger = createLogger({ service: 'search-svc', level: 'warn', destination: captureLogs().stream });
    const search = createSearchService({
      pool: createSearxngPool({
        urls: [searxng.url],
        timeoutMs: 2000,
        concurrency: 2,
        queue: 2,
        breakerFailures: 5,
        breakerCooldownMs: 1000,
        retryAfterSeconds: 1,
        logger,
      }),
      cache: createSearchCache(service.redis, { ttlByCategory: {}, defaultTtlSeconds: 3600, logger }),
      db: service.database.db,
      now: () => clock,
    });
    const request = {
      query: 'offshore wind update',
      focus: 'web' as const,
      pageno: 1,
      limit: 10,
      filters: { recency: 'hour' as const },
    };
    const first = await search.search(request);
    expect(first.results.map((r) => hostOf(r.url))).toEqual(['www.energy.gov']);
    clock += 2 * HOUR;
    const later = await search.search(request);
    expect(later.cached).toBe(true);
    expect(later.results).toEqual([]);
    expect(searxng.searchCount()).toBe(1);
  });
});
