import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY,
  startTravelService,
  startWorld,
  TRIPADVISOR_KEY,
  type TravelServiceUnderTest,
  travelClient,
  type World,
} from './harness.ts';

let world: World;
let travel: TravelServiceUnderTest;
let client: ReturnType<typeof travelClient>;
beforeAll(async () => {
  world = await startWorld();
  travel = await startTravelService({ ...world.env, TRIPADVISOR_REFERER: 'https://perplexica.example' });
  client = travelClient(travel.url, await travel.userToken());
});
afterEach(() => world.tripadvisor.setMode('ok'));
afterAll(async () => {
  await travel?.close();
  await world?.close();
});

describe('GET /api/v1/travel/locations (Tripadvisor search)', () => {
  it('searches by query and category, normalised, then serves the cached answer', async () => {
    const response = await client.locations('query=eiffel&category=attractions');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('miss');
    expect(response.body).toEqual({
      provider: 'tripadvisor',
      locations: [
        {
          id: '188151',
          name: 'Eiffel Tower',
          address: 'Av. Gustave Eiffel, Paris, France',
          city: 'Paris',
          country: 'France',
        },
      ],
    });
    const [sent] = world.tripadvisor.calls.slice(-1);
    expect(sent).toMatchObject({
      path: '/api/v1/location/search',
      query: { key: TRIPADVISOR_KEY, searchQuery: 'eiffel', category: 'attractions', language: 'en' },
      headers: { referer: 'https://perplexica.example' },
    });
    const count = world.tripadvisor.requestCount();
    const again = await client.locations('query=eiffel&category=attractions');
    expect(again.headers.get('x-cache')).toBe('fresh');
    expect(world.tripadvisor.requestCount()).toBe(count);
  });

  it('an unknown place is an empty list', async () => {
    const response = await client.locations('query=atlantis');
    expect(response.status).toBe(200);
    expect(response.body.locations).toEqual([]);
  });
});

describe('GET /api/v1/travel/locations/:id and its reviews and photos', () => {
  it('gives details normalised, with the link back to Tripadvisor', async () => {
    const response = await client.location('188151');
    expect(response.status).toBe(200);
    expect(response.body.location).toMatchObject({
      id: '188151',
      name: 'Eiffel Tower',
      category: 'attraction',
      city: 'Paris',
      latitude: 48.858353,
      longitude: 2.294464,
      rating: 4.6,
      reviewCount: 143517,
      ranking: '#5 of 3,813 things to do in Paris',
      website: 'https://www.toureiffel.paris/',
      tripadvisorUrl: expect.stringContaining('tripadvisor.com'),
      hours: ['Monday: 09:00 - 18:00'],
    });
    const restaurant = await client.location('718290', '', 'language=fr');
    expect(restaurant.body.location).toMatchObject({ cuisine: ['French', 'European'], priceLevel: '$$$$' });
    expect(world.tripadvisor.calls.at(-1)?.query.language).toBe('fr');
  });

  it('gives up to five reviews and photos, normalised', async () => {
    const reviews = await client.location('188151', 'reviews');
    expect(reviews.status).toBe(200);
    expect(reviews.body.reviews).toHaveLength(3);
    expect(reviews.body.reviews[0]).toMatchObject({
      id: '1881511',
      title: 'Loved Eiffel Tower',
      rating: 5,
      tripType: 'Couples',
      author: { username: 'traveller1', location: 'London, United Kingdom' },
    });
    const photos = await client.location('188151', 'photos');
    expect(photos.body.photos[0]).toMatchObject({
      id: '18815101',
      caption: 'Eiffel Tower',
      url: expect.stringContaining('/photo-o/'),
      width: 2000,
      height: 1500,
      thumbnailUrl: expect.stringContaining('/photo-t/'),
      source: 'Traveler',
    });
  });

  it('an unknown id is 404; a malformed one is 400', async () => {
    for (const part of ['', 'reviews', 'photos']) {
      const unknown = await client.location('999999999', part);
      expect(unknown.status, part).toBe(404);
      expect(unknown.body.error.code).toBe('not_found');
    }
    const malformed = await client.location('eiffel');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('path.id');
  });
});

describe('when Tripadvisor fails', () => {
  it('keeps serving stale copies (x-cache: stale) while it errors', async () => {
    expect((await client.location('188757')).status).toBe(200);
    travel.clock.advance(2 * DAY);
    world.tripadvisor.setMode('error');
    const stale = await client.location('188757');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(stale.body.location.name).toBe('Louvre Museum');
    await expect.poll(() => travel.logs.text()).toContain('serving the stale copy');
  });

  it('is 502 on errors and rate limits, 504 when it hangs, with nothing cached', async () => {
    world.tripadvisor.setMode('error');
    const failed = await client.location('195249');
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('bad_gateway');
    world.tripadvisor.setMode('rate_limited');
    const limited = await client.location('195249', 'reviews');
    expect(limited.status).toBe(502);
    expect(limited.body.error.message).toContain('rate limiting');
    world.tripadvisor.setMode('hang');
    const hung = await client.locations('query=belem');
    expect(hung.status).toBe(504);
    expect(hung.body.error.code).toBe('gateway_timeout');
  });

  it('a refused key is 502 naming the variable to check, never the key itself', async () => {
    const wrongKey = await startTravelService({ ...world.env, TRIPADVISOR_API_KEY: 'not-the-right-key-000' });
    try {
      const response = await travelClient(wrongKey.url, await wrongKey.userToken()).locations('query=louvre');
      expect(response.status).toBe(502);
      expect(response.body.error.message).toContain('TRIPADVISOR_API_KEY');
      expect(JSON.stringify(response.body)).not.toContain('not-the-right-key-000');
      expect(wrongKey.logs.text()).not.toContain('not-the-right-key-000');
    } finally {
      await wrongKey.close();
    }
  });
});

describe('without TRIPADVISOR_API_KEY', () => {
  it('every location route is 503 not_configured naming the variable, without calling out', async () => {
    const bare = await startTravelService({ ...world.env, TRIPADVISOR_API_KEY: '' });
    try {
      const bareClient = travelClient(bare.url, await bare.userToken());
      const count = world.tripadvisor.requestCount();
      for (const response of [
        await bareClient.locations('query=paris'),
        await bareClient.location('188151'),
        await bareClient.location('188151', 'reviews'),
        await bareClient.location('188151', 'photos'),
      ]) {
        expect(response.status).toBe(503);
        expect(response.body.error).toMatchObject({
          code: 'not_configured',
          message: expect.stringContaining('TRIPADVISOR_API_KEY'),
        });
      }
      expect(world.tripadvisor.requestCount()).toBe(count);
    } finally {
      await bare.close();
    }
  });
});
