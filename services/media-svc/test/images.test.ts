import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getMedia, type JsonResponse, type MediaWorld, safesearchSent, startMediaWorld } from './harness.ts';
import { ADULT_IMAGE, FLICKR_IMAGE } from './media-corpus.ts';

let world: MediaWorld;
beforeAll(async () => {
  world = await startMediaWorld();
});
afterAll(() => world?.close());
beforeEach(() => world.searxng.reset());

/** Seconds of freshness left, from `cache-control: private, max-age=N`. */
const maxAgeOf = (response: JsonResponse) => {
  const match = /^private, max-age=(\d+)$/.exec(response.headers.get('cache-control') ?? '');
  return match ? Number(match[1]) : Number.NaN;
};

const images = (query: string) => getMedia(world.media.url, 'images', query, world.token);

describe('GET /api/v1/media/images', () => {
  it('answers normalised images: sizes parsed, hosts named, unusable and repeated images left out', async () => {
    const response = await images('q=lighthouse');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.body).toMatchObject({ query: 'lighthouse', safe: 'moderate', page: 1, nextPage: 2 });
    const [flickr, commons, night, ...more] = response.body.results;
    expect(flickr).toEqual({
      title: 'Lighthouse at sunset',
      pageUrl: 'https://www.flickr.com/photos/alice/51234',
      imageUrl: FLICKR_IMAGE,
      thumbnailUrl: 'https://live.staticflickr.com/65535/lighthouse_m.jpg',
      width: 1920,
      height: 1080,
      format: 'jpeg',
      source: 'flickr.com',
    });
    // No thumbnail from the engine: search-svc (and we) fall back to the full image.
    expect(commons).toMatchObject({
      imageUrl: 'https://upload.wikimedia.org/wikipedia/commons/lighthouse_cliff.png',
      thumbnailUrl: 'https://upload.wikimedia.org/wikipedia/commons/lighthouse_cliff.png',
      width: 800,
      height: 600,
      format: 'png',
      source: 'commons.wikimedia.org',
    });
    expect(night).toMatchObject({
      thumbnailUrl: 'https://photos.example.net/lighthouse-night.webp',
      width: null,
      height: null,
      format: 'webp',
    });
    expect(more.map((image: { title: string }) => image.title)).toEqual([
      'Lighthouse photo 1',
      'Lighthouse photo 2',
      'Lighthouse photo 3',
      'Lighthouse photo 4',
    ]);
    const imageUrls = response.body.results.map((image: { imageUrl: string }) => image.imageUrl);
    expect(new Set(imageUrls).size).toBe(imageUrls.length);
    for (const url of imageUrls) expect(url).toMatch(/^https?:\/\//);
    expect(JSON.stringify(response.body)).not.toContain('javascript:');
    expect(JSON.stringify(response.body)).not.toContain('lighthouse-history');
  });

  it('asks SearXNG for the images category, page by page', async () => {
    const second = await images('q=lighthouse&page=2');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ page: 2, nextPage: 3 });
    expect(second.body.results.map((image: { title: string }) => image.title)).toEqual([
      'Lighthouse photo 5',
      'Lighthouse photo 6',
      'Lighthouse photo 7',
      'Lighthouse photo 8',
    ]);
    expect(world.searxng.calls[0]?.query).toMatchObject({
      q: 'lighthouse',
      categories: 'images',
      pageno: '2',
      safesearch: '1',
      format: 'json',
    });

    const empty = await images('q=lighthouse&page=3');
    expect(empty.body).toMatchObject({ page: 3, nextPage: null, results: [] });
    const last = await images('q=lighthouse&page=5');
    expect(last.body).toMatchObject({ page: 5, nextPage: null });
  });

  it('safe search is on unless turned off: moderate by default, strict, off', async () => {
    const adult = (body: { results: { imageUrl: string }[] }) =>
      body.results.some((image) => image.imageUrl === ADULT_IMAGE);
    const byDefault = await images('q=lighthouse+nsfw');
    const strict = await images('q=lighthouse+nsfw&safe=strict');
    const off = await images('q=lighthouse+nsfw&safe=off');
    const moderate = await images('q=lighthouse+nsfw&safe=moderate');
    expect(adult(byDefault.body)).toBe(false);
    expect(adult(strict.body)).toBe(false);
    expect(adult(off.body)).toBe(true);
    expect(off.body.safe).toBe('off');
    // Each level is its own cache entry: "off" never leaks into a safe answer.
    expect(adult(moderate.body)).toBe(false);
    expect(moderate.headers.get('x-cache')).toBe('fresh');
    expect(safesearchSent(world.searxng)).toEqual(['1', '2', '0']);
  });

  it('serves a repeated search from the cache: one SearXNG call, x-cache and max-age', async () => {
    const first = await images('q=Lighthouse+ON+a+cliff');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(maxAgeOf(first)).toBeGreaterThan(590);
    expect(maxAgeOf(first)).toBeLessThanOrEqual(600);
    // Case and spacing do not make a new entry.
    const again = await images('q=%20lighthouse%20%20on%20a%20CLIFF');
    expect(again.headers.get('x-cache')).toBe('fresh');
    expect(again.body).toEqual(first.body);
    expect(world.searxng.searchCount()).toBe(1);

    world.media.clock.advance(5 * 60_000);
    const later = await images('q=lighthouse+on+a+cliff');
    expect(later.headers.get('x-cache')).toBe('fresh');
    expect(maxAgeOf(later)).toBeGreaterThan(290);
    expect(maxAgeOf(later)).toBeLessThanOrEqual(300);
    expect(world.searxng.searchCount()).toBe(1);
  });

  it('no match is an empty page (200), not an error', async () => {
    const response = await images('q=zzzz+qqqq');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ results: [], nextPage: null });
  });
});
