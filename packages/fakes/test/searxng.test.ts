import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSearxngCorpus,
  type FakeSearxng,
  type SearxngResult,
  startFakeSearxng,
} from '../src/index.ts';

interface SearxngAnswer {
  query: string;
  number_of_results: number;
  results: SearxngResult[];
  answers: unknown[];
  corrections: unknown[];
  infoboxes: unknown[];
  suggestions: unknown[];
  unresponsive_engines: [string, string][];
}

let fake: FakeSearxng;
beforeAll(async () => {
  fake = await startFakeSearxng();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const search = async (params: Record<string, string>) => {
  const response = await fetch(`${fake.url}/search?${new URLSearchParams({ format: 'json', ...params })}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  return (await response.json()) as SearxngAnswer;
};

describe('search results', () => {
  it("answers SearXNG's JSON shape, best match first", async () => {
    const answer = await search({ q: 'how does photosynthesis work', language: 'en', safesearch: '0' });
    expect(answer).toMatchObject({
      query: 'how does photosynthesis work',
      answers: [],
      corrections: [],
      infoboxes: [],
      suggestions: [],
      unresponsive_engines: [],
    });
    expect(answer.number_of_results).toBeGreaterThanOrEqual(2);
    const [first] = answer.results;
    expect(first).toMatchObject({
      url: 'https://en.wikipedia.org/wiki/Photosynthesis',
      engine: 'google',
      engines: ['google', 'bing', 'duckduckgo'],
      parsed_url: ['https', 'en.wikipedia.org', '/wiki/Photosynthesis', '', '', ''],
      template: 'default.html',
      positions: [1, 1, 1],
      category: 'general',
      publishedDate: null,
    });
    const scores = answer.results.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(fake.searchCount()).toBe(1);
    expect(fake.calls[0]?.query).toMatchObject({ q: 'how does photosynthesis work', language: 'en' });
  });

  it('filters by categories', async () => {
    const videos = await search({ q: 'photosynthesis black holes transformers', categories: 'videos' });
    expect(videos.results.length).toBe(3);
    for (const result of videos.results) {
      expect(result.category).toBe('videos');
      expect(result.url).toMatch(/^https:\/\/www\.youtube\.com\//);
      expect(result.iframe_src).toMatch(/youtube-nocookie\.com\/embed\//);
    }
    const academic = await search({ q: 'attention transformer retrieval', categories: 'science' });
    expect(academic.results.length).toBeGreaterThan(0);
    expect(academic.results.every((result) => result.category === 'science')).toBe(true);
    expect(academic.results.some((result) => result.engine === 'google_patents')).toBe(false);
    const news = await search({ q: 'black hole interest rates', categories: 'news,social media' });
    expect(news.results.map((result) => result.category).sort()).toEqual(['news', 'news']);
    for (const result of news.results) {
      expect(Date.now() - Date.parse(result.publishedDate ?? '')).toBeLessThan(7 * 86_400_000);
    }
  });

  it('selects patents with engines=google_patents, and never otherwise', async () => {
    const patents = await search({ q: 'CRISPR genome editing', engines: 'google_patents' });
    expect(patents.results.length).toBeGreaterThan(0);
    for (const result of patents.results) {
      expect(result.engine).toBe('google_patents');
      expect(result.url).toMatch(/^https:\/\/patents\.google\.com\/patent\//);
    }
    const web = await search({ q: 'CRISPR genome editing' });
    expect(web.results.some((result) => result.url.includes('patents.google.com'))).toBe(false);
  });

  it('pages ten results at a time', async () => {
    const query = {
      q: 'sleep rust redis bitcoin inflation bond index kubernetes postgresql typescript climate photosynthesis',
    };
    const everything = await search({ ...query, categories: 'general' });
    expect(everything.number_of_results).toBeGreaterThan(10);
    const one = await search({ ...query, categories: 'general', pageno: '1' });
    const two = await search({ ...query, categories: 'general', pageno: '2' });
    expect(one.results).toHaveLength(10);
    expect(two.results.length).toBeGreaterThan(0);
    expect(two.results[0]?.url).not.toBe(one.results[0]?.url);
    const seen = new Set(one.results.map((result) => result.url));
    expect(two.results.some((result) => seen.has(result.url))).toBe(false);
  });

  it('returns near-duplicates of one page for canonical merging', async () => {
    const answer = await search({ q: 'how sleep works REM stages' });
    const urls = answer.results.map((result) => result.url).filter((url) => url.includes('sleepfoundation'));
    expect(urls).toHaveLength(2);
    const canonical = urls.map((url) => {
      const parsed = new URL(url);
      return `${parsed.host.replace(/^www\./, '')}${parsed.pathname.replace(/\/$/, '')}`;
    });
    expect(canonical[0]).toBe(canonical[1]);
  });

  it('answers empty results, not an error, when nothing matches', async () => {
    const answer = await search({ q: 'zzqx nonexistentword' });
    expect(answer.results).toEqual([]);
    expect(answer.number_of_results).toBe(0);
  });

  it('searches a corpus given at start', async () => {
    const own = await startFakeSearxng({
      corpus: [
        {
          url: 'https://example.com/a',
          title: 'Alpha doc',
          content: 'alpha beta',
          engines: ['bing'],
          category: 'general',
          publishedDate: null,
        },
      ],
    });
    try {
      const response = await fetch(`${own.url}/search?q=alpha&format=json`);
      const answer = (await response.json()) as SearxngAnswer;
      expect(answer.results.map((result) => result.url)).toEqual(['https://example.com/a']);
    } finally {
      await own.close();
    }
  });

  it('reports unresponsive engines until reset', async () => {
    fake.setUnresponsiveEngines([
      ['google', 'timeout'],
      ['brave', 'too many requests'],
    ]);
    const answer = await search({ q: 'kubernetes' });
    expect(answer.unresponsive_engines).toEqual([
      ['google', 'timeout'],
      ['brave', 'too many requests'],
    ]);
    fake.reset();
    expect((await search({ q: 'kubernetes' })).unresponsive_engines).toEqual([]);
  });

  it('exports a default corpus of about 40 documents', () => {
    expect(defaultSearxngCorpus.length).toBeGreaterThanOrEqual(35);
  });
});

describe('modes', () => {
  it('answers an HTML page for format=html', async () => {
    const response = await fetch(`${fake.url}/search?q=kubernetes&format=html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('kubernetes.io');
  });

  it('html: 200 text/html even when json is asked for', async () => {
    fake.setMode('html');
    const response = await fetch(`${fake.url}/search?q=kubernetes&format=json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('forbidden: 403 HTML, as when json is not in search.formats', async () => {
    fake.setMode('forbidden');
    const response = await fetch(`${fake.url}/search?q=kubernetes&format=json`);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('Forbidden');
  });

  it('error500: 500', async () => {
    fake.setMode('error500');
    const response = await fetch(`${fake.url}/search?q=kubernetes&format=json`);
    expect(response.status).toBe(500);
    await response.body?.cancel();
    fake.reset();
    await search({ q: 'kubernetes' });
  });

  it('hang: never answers, and close() ends the hanging request', async () => {
    const hanging = await startFakeSearxng();
    hanging.setMode('hang');
    const pending = fetch(`${hanging.url}/search?q=kubernetes&format=json`).then(
      () => 'answered',
      () => 'failed',
    );
    // Wait until the fake has the request, then close it under the client.
    while (hanging.searchCount() === 0) await new Promise((resolve) => setImmediate(resolve));
    await hanging.close();
    expect(await pending).toBe('failed');
  });

  it('latency still answers', async () => {
    fake.setLatency(5);
    expect((await search({ q: 'redis' })).results.length).toBeGreaterThan(0);
  });
});
