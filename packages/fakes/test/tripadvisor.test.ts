import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTripadvisor, startFakeTripadvisor } from '../src/index.ts';

const KEY = 'ta-test-key-0123456789';
let fake: FakeTripadvisor;
beforeAll(async () => {
  fake = await startFakeTripadvisor({ apiKey: KEY });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const get = async (path: string, params: Record<string, string> = {}, key: string | null = KEY) => {
  const query = new URLSearchParams({ ...(key === null ? {} : { key }), ...params });
  const response = await fetch(`${fake.url}/api/v1${path}?${query}`, {
    headers: { accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as any };
};

describe('Tripadvisor Content API double', () => {
  it('searches by name and category, at most 10, in the documented shape', async () => {
    const { status, body } = await get('/location/search', {
      searchQuery: 'eiffel',
      category: 'attractions',
    });
    expect(status).toBe(200);
    expect(body.data).toEqual([
      {
        location_id: '188151',
        name: 'Eiffel Tower',
        address_obj: expect.objectContaining({
          city: 'Paris',
          country: 'France',
          address_string: expect.any(String),
        }),
      },
    ]);
    const restaurants = await get('/location/search', { searchQuery: 'paris', category: 'restaurants' });
    expect(restaurants.body.data.map((item: { name: string }) => item.name)).toEqual(['Le Jules Verne']);
    const bad = await get('/location/search', { searchQuery: 'paris', category: 'spaceships' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'InvalidParameterException' });
  });

  it('answers details, reviews (≤5) and photos (all sizes) for a known id', async () => {
    const details = await get('/location/188151/details', { language: 'en', currency: 'USD' });
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({
      location_id: '188151',
      name: 'Eiffel Tower',
      web_url: expect.stringContaining('tripadvisor.com'),
      rating: '4.6',
      num_reviews: '143517',
      ranking_data: { ranking_string: '#5 of 3,813 things to do in Paris' },
      category: { name: 'attraction', localized_name: 'Attraction' },
    });
    const reviews = await get('/location/188151/reviews', { limit: '2' });
    expect(reviews.body.data).toHaveLength(2);
    expect(reviews.body.data[0]).toMatchObject({
      rating: 5,
      title: expect.any(String),
      user: { username: 'traveller1' },
    });
    const photos = await get('/location/188151/photos');
    expect(photos.body.data[0].images).toMatchObject({
      thumbnail: { url: expect.any(String), width: 50, height: 50 },
      original: { url: expect.any(String) },
    });
  });

  it('refuses a missing or wrong key the way the API gateway does, and 404s an unknown id', async () => {
    for (const key of [null, 'wrong-key']) {
      const denied = await get('/location/188151/details', {}, key);
      expect(denied.status).toBe(403);
      expect(denied.body.Message).toContain('not authorized');
    }
    const unknown = await get('/location/999999999/details');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ type: 'NotFoundException', message: expect.any(String) });
  });

  it('switches to rate limiting, server errors or silence, and counts every request', async () => {
    fake.setMode('rate_limited');
    const limited = await get('/location/search', { searchQuery: 'paris' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe(429);
    fake.setMode('error');
    expect((await get('/location/search', { searchQuery: 'paris' })).status).toBe(500);
    fake.setMode('hang');
    const hung = await fetch(`${fake.url}/api/v1/location/search?key=${KEY}&searchQuery=x`, {
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(hung).toBe('TimeoutError');
    expect(fake.requestCount()).toBe(3);
    fake.reset();
    expect(fake.requestCount()).toBe(0);
    expect((await get('/location/search', { searchQuery: 'paris' })).status).toBe(200);
  });
});
