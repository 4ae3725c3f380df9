import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSearxng, type FixtureDocument, startFakeSearxng } from '../src/index.ts';

const image = (url: string, title: string, adult?: boolean): FixtureDocument => ({
  url,
  title,
  content: '',
  engines: ['bing images'],
  category: 'images',
  publishedDate: null,
  img_src: `${url}.jpg`,
  ...(adult === undefined ? {} : { adult }),
});

const corpus = [
  image('https://example.org/beach-sunset', 'Beach sunset'),
  image('https://example.org/beach-party', 'Beach party', true),
  image('https://example.org/beach-dunes', 'Beach dunes', false),
];

let fake: FakeSearxng;
beforeAll(async () => {
  fake = await startFakeSearxng({ corpus });
});
afterAll(() => fake.close());

async function titles(params: Record<string, string>) {
  const query = new URLSearchParams({ q: 'beach', format: 'json', ...params });
  const response = await fetch(`${fake.url}/search?${query}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { number_of_results: number; results: Record<string, unknown>[] };
  for (const result of body.results) expect(result).not.toHaveProperty('adult');
  expect(body.number_of_results).toBe(body.results.length);
  return body.results.map((result) => result.title).sort();
}

describe('safesearch', () => {
  it('keeps adult documents when safe search is off or not asked for (the instance default, 0)', async () => {
    const all = ['Beach dunes', 'Beach party', 'Beach sunset'];
    expect(await titles({})).toEqual(all);
    expect(await titles({ safesearch: '0' })).toEqual(all);
  });

  it('drops them at moderate (1) and strict (2)', async () => {
    expect(await titles({ safesearch: '1' })).toEqual(['Beach dunes', 'Beach sunset']);
    expect(await titles({ safesearch: '2' })).toEqual(['Beach dunes', 'Beach sunset']);
  });

  it('reads the parameter from a form POST as well', async () => {
    const response = await fetch(`${fake.url}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q: 'beach party', format: 'json', safesearch: '2' }),
    });
    const body = (await response.json()) as { results: { title: string }[] };
    expect(body.results.map((result) => result.title)).not.toContain('Beach party');
  });
});
