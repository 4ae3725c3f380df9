import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AMADEUS_CLIENT,
  DAY,
  daysFromNow,
  HOUR,
  startTravelService,
  startWorld,
  type TravelServiceUnderTest,
  travelClient,
  type World,
} from './harness.ts';

let world: World;
let travel: TravelServiceUnderTest;
let client: ReturnType<typeof travelClient>;
beforeAll(async () => {
  world = await startWorld();
  travel = await startTravelService(world.env);
  client = travelClient(travel.url, await travel.userToken());
});
afterEach(() => world.amadeus.setMode('ok'));
afterAll(async () => {
  await travel?.close();
  await world?.close();
});

const stay = (destination: string, checkIn = daysFromNow(30), checkOut = daysFromNow(32), adults = 2) =>
  `destination=${encodeURIComponent(destination)}&checkIn=${checkIn}&checkOut=${checkOut}&adults=${adults}`;

describe('GET /api/v1/travel/hotels (Amadeus)', () => {
  it('finds a city by name, prices its hotels for the stay, cheapest first, each with a link out', async () => {
    const checkIn = daysFromNow(30);
    const checkOut = daysFromNow(32);
    const response = await client.hotels(stay('Paris', checkIn, checkOut, 2));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('miss');
    expect(response.body).toMatchObject({
      destination: 'Paris',
      cityCode: 'PAR',
      cityName: 'PARIS',
      checkIn,
      checkOut,
      nights: 2,
      adults: 2,
      provider: 'amadeus',
    });
    const { hotels } = response.body;
    // The sold-out hotel is not offered; the others cheapest first.
    expect(hotels.map((hotel: { hotelId: string }) => hotel.hotelId)).toEqual([
      'HIPAR123',
      'ACPAR419',
      'RTPAR001',
    ]);
    expect(hotels[2]).toMatchObject({
      name: 'NOVOTEL PARIS TOUR EIFFEL',
      price: { amount: 472.5, currency: 'EUR' },
      rating: 4,
      address: 'FR',
    });
    expect(hotels[0].rating).toBeNull();
    const link = new URL(hotels[2].bookingUrl);
    expect(link.origin + link.pathname).toBe('https://www.booking.com/searchresults.html');
    expect(Object.fromEntries(link.searchParams)).toMatchObject({
      ss: 'NOVOTEL PARIS TOUR EIFFEL, PARIS',
      checkin: checkIn,
      checkout: checkOut,
      group_adults: '2',
      no_rooms: '1',
    });

    const offers = world.amadeus.calls.find((call) => call.path === '/v3/shopping/hotel-offers');
    expect(offers?.query).toMatchObject({
      hotelIds: 'RTPAR001,ACPAR419,HIPAR123,BWPAR999',
      adults: '2',
      checkInDate: checkIn,
      checkOutDate: checkOut,
      currency: 'EUR',
    });
    expect(offers?.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it('takes an IATA code as is, and serves repeats from the cache', async () => {
    const response = await client.hotels(stay('lis'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ cityCode: 'LIS', cityName: null });
    expect(response.body.hotels.map((hotel: { name: string }) => hotel.name)).toEqual([
      'TIVOLI AVENIDA LIBERDADE',
      'PESTANA PALACE LISBOA',
    ]);
    const count = world.amadeus.requestCount();
    const again = await client.hotels(stay('LIS'));
    expect(again.headers.get('x-cache')).toBe('fresh');
    expect(world.amadeus.requestCount()).toBe(count);
    // From the same cached offers, each caller's answer names the destination as they wrote it.
    expect(response.body.destination).toBe('lis');
    expect(again.body.destination).toBe('LIS');
  });

  it('asks for a token once and reuses it until it expires, then gets a new one', async () => {
    const own = await startTravelService(world.env);
    try {
      const ownClient = travelClient(own.url, await own.userToken());
      const grants = world.amadeus.tokenCount();
      await ownClient.hotels(stay('Paris', daysFromNow(40), daysFromNow(41)));
      await ownClient.hotels(stay('London', daysFromNow(40), daysFromNow(41)));
      expect(world.amadeus.tokenCount()).toBe(grants + 1);
      // Amadeus drops the token early (as a revoked token looks): one new grant, one retry.
      world.amadeus.expireTokens();
      const retried = await ownClient.hotels(stay('LON', daysFromNow(42), daysFromNow(43)));
      expect(retried.status).toBe(200);
      expect(world.amadeus.tokenCount()).toBe(grants + 2);
      // Past its 30 minutes the token is renewed before use.
      own.clock.advance(31 * 60_000);
      await ownClient.hotels(stay('PAR', daysFromNow(44), daysFromNow(45)));
      expect(world.amadeus.tokenCount()).toBe(grants + 3);
    } finally {
      await own.close();
    }
  });

  it('a city with no hotels or no rooms is an empty list; a city Amadeus does not know is 404', async () => {
    const none = await client.hotels(stay('ZZZ'));
    expect(none.status).toBe(200);
    expect(none.body.hotels).toEqual([]);
    const unknown = await client.hotels(stay('Atlantis'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('IATA') });
  });
});

describe('when Amadeus fails', () => {
  it('serves stale prices while it errors, then 502 or 504 with nothing cached', async () => {
    expect((await client.hotels(stay('Paris', daysFromNow(60), daysFromNow(61)))).status).toBe(200);
    travel.clock.advance(HOUR);
    world.amadeus.setMode('error');
    const stale = await client.hotels(stay('Paris', daysFromNow(60), daysFromNow(61)));
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    await expect.poll(() => travel.logs.text()).toContain('serving the stale copy');

    const failed = await client.hotels(stay('Paris', daysFromNow(62), daysFromNow(63)));
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('bad_gateway');
    world.amadeus.setMode('rate_limited');
    const limited = await client.hotels(stay('Paris', daysFromNow(62), daysFromNow(63)));
    expect(limited.status).toBe(502);
    expect(limited.body.error.message).toContain('rate limiting');
    world.amadeus.setMode('hang');
    const hung = await client.hotels(stay('Paris', daysFromNow(64), daysFromNow(65)));
    expect(hung.status).toBe(504);
    expect(hung.body.error.code).toBe('gateway_timeout');
  });

  it('stale copies expire: two days on, with Amadeus down, it is 502', async () => {
    await client.hotels(stay('London', daysFromNow(70), daysFromNow(71)));
    travel.clock.advance(2 * DAY);
    world.amadeus.setMode('error');
    expect((await client.hotels(stay('London', daysFromNow(70), daysFromNow(71)))).status).toBe(502);
  });

  it('refused credentials are 502 naming the variables, never the secret', async () => {
    const wrong = await startTravelService({
      ...world.env,
      AMADEUS_CLIENT_SECRET: 'wrong-secret-value-1234',
    });
    try {
      const response = await travelClient(wrong.url, await wrong.userToken()).hotels(stay('PAR'));
      expect(response.status).toBe(502);
      expect(response.body.error.message).toContain('AMADEUS_CLIENT_SECRET');
      expect(wrong.logs.text()).not.toContain('wrong-secret-value-1234');
      expect(wrong.logs.text()).not.toContain(AMADEUS_CLIENT.clientSecret);
    } finally {
      await wrong.close();
    }
  });
});

describe('without Amadeus credentials', () => {
  it('is 503 not_configured naming the variables, without calling out', async () => {
    const bare = await startTravelService({ ...world.env, AMADEUS_CLIENT_ID: '', AMADEUS_CLIENT_SECRET: '' });
    try {
      const count = world.amadeus.requestCount();
      for (const destination of ['Paris', 'PAR']) {
        const response = await travelClient(bare.url, await bare.userToken()).hotels(stay(destination));
        expect(response.status).toBe(503);
        expect(response.body.error).toMatchObject({
          code: 'not_configured',
          message: expect.stringContaining('AMADEUS_CLIENT_ID'),
        });
      }
      expect(world.amadeus.requestCount()).toBe(count);
    } finally {
      await bare.close();
    }
  });
});
