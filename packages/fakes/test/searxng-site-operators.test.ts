import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSearxngCorpus,
  type FakeSearxng,
  type SearxngResult,
  searchFilterCorpus,
  startFakeSearxng,
} from '../src/index.ts';

// site: operators and time_range over the search-filter fixtures, as engines behind SearXNG apply them.
let honouring: FakeSearxng;
let ignoring: FakeSearxng;
beforeAll(async () => {
  const corpus = [...defaultSearxngCorpus, ...searchFilterCorpus()];
  honouring = await startFakeSearxng({ corpus });
  ignoring = await startFakeSearxng({ corpus, ignoreSiteOperators: true });
});
afterAll(() => Promise.all([honouring.close(), ignoring.close()]));

const hostsOf = async (fake: FakeSearxng, params: Record<string, string>) => {
  const response = await fetch(`${fake.url}/search?${new URLSearchParams({ format: 'json', ...params })}`);
  const body = (await response.json()) as { results: SearxngResult[] };
  return body.results.map((result) => new URL(result.url).hostname);
};

describe('site: operators', () => {
  it('site:a keeps that site and its subdomains only, never look-alike hosts', async () => {
    const hosts = await hostsOf(honouring, { q: 'offshore wind turbine site:energy.gov' });
    expect(hosts.sort()).toEqual(['windexchange.energy.gov', 'www.energy.gov']);
  });

  it('site:a OR site:b keeps either; -site:c drops c', async () => {
    const either = await hostsOf(honouring, { q: 'offshore wind site:bbc.com OR site:apnews.com' });
    expect(new Set(either)).toEqual(new Set(['www.bbc.com', 'apnews.com']));
    const without = await hostsOf(honouring, {
      q: 'offshore wind turbine -site:energy.gov -site:sec.gov -site:investopedia.com',
    });
    expect(without.length).toBe(10);
    for (const host of ['www.energy.gov', 'windexchange.energy.gov', 'www.sec.gov', 'efts.sec.gov']) {
      expect(without).not.toContain(host);
    }
    const lookAlikes = await hostsOf(honouring, { q: 'look-alike host -site:energy.gov' });
    expect(lookAlikes.sort()).toEqual(['energy.gov.example.net', 'notenergy.gov']);
  });

  it('operators are never matched as words, and ignoreSiteOperators answers as if they were absent', async () => {
    expect(await hostsOf(honouring, { q: 'site:energy.gov' })).toEqual([]);
    const ignored = await hostsOf(ignoring, { q: 'offshore wind turbine site:energy.gov' });
    expect(ignored).toContain('www.reuters.com');
  });
});

describe('time_range', () => {
  it('drops dated pages older than the range and keeps undated ones, as SearXNG engines do', async () => {
    const day = await hostsOf(honouring, { q: 'offshore wind', time_range: 'day' });
    expect(day).toEqual(expect.arrayContaining(['www.energy.gov', 'www.reuters.com', 'en.wikipedia.org']));
    expect(day).not.toContain('apnews.com');
  });
});
