import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  daysFromNow,
  startTravelService,
  type TravelServiceUnderTest,
  travelClient,
} from './harness.ts';

// Validation comes before any search or provider call, so this instance reaches nothing at all.
let travel: TravelServiceUnderTest;
let client: ReturnType<typeof travelClient>;
let token: string;
beforeAll(async () => {
  travel = await startTravelService();
  token = await travel.userToken();
  client = travelClient(travel.url, token);
});
afterAll(() => travel?.close());

const trip = (extra: Record<string, unknown> = {}) => ({
  destination: 'Lisbon',
  startDate: daysFromNow(10),
  endDate: daysFromNow(12),
  ...extra,
});

/** A 400 validation_failed whose first detail is on `path`, never a 500. */
function expectInvalid(response: { status: number; body: any }, path: string, message?: RegExp) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body.error.code).toBe('validation_failed');
  expect(response.body.error.details[0].path).toBe(path);
  if (message) expect(response.body.error.message).toMatch(message);
}

describe('POST /api/v1/travel/itineraries: bad input is 400 naming the field', () => {
  it('dates: malformed, impossible, in the past, reversed, too long, too far ahead', async () => {
    expectInvalid(await client.itinerary(trip({ startDate: '10/06/2030' })), 'body.startDate', /YYYY-MM-DD/);
    expectInvalid(
      await client.itinerary(trip({ startDate: '2031-02-30', endDate: '2031-03-01' })),
      'body.startDate',
    );
    expectInvalid(await client.itinerary(trip({ endDate: 20300101 })), 'body.endDate');
    expectInvalid(
      await client.itinerary(trip({ startDate: daysFromNow(-3), endDate: daysFromNow(2) })),
      'body.startDate',
      /past/,
    );
    expectInvalid(
      await client.itinerary(trip({ startDate: daysFromNow(12), endDate: daysFromNow(10) })),
      'body.endDate',
      /before startDate/,
    );
    expectInvalid(
      await client.itinerary(trip({ startDate: daysFromNow(10), endDate: daysFromNow(31) })),
      'body.endDate',
      /at most 21 days \(this is 22\)/,
    );
    expectInvalid(
      await client.itinerary(trip({ startDate: daysFromNow(800), endDate: daysFromNow(801) })),
      'body.startDate',
    );
    expectInvalid(await client.itinerary({ destination: 'Lisbon' }), 'body.startDate');
  });

  it('a trip of exactly 21 days starting yesterday (UTC) passes validation', async () => {
    // Nothing to search with in this instance: a 5xx from search-svc, but not a 400.
    const response = await client.itinerary(trip({ startDate: daysFromNow(-1), endDate: daysFromNow(19) }));
    expect(response.status).not.toBe(400);
  });

  it('destination: missing, empty, blank, one letter, over 100 characters', async () => {
    expectInvalid(await client.itinerary(trip({ destination: undefined })), 'body.destination');
    expectInvalid(await client.itinerary(trip({ destination: '' })), 'body.destination', /2 to 100/);
    expectInvalid(await client.itinerary(trip({ destination: '    ' })), 'body.destination');
    expectInvalid(await client.itinerary(trip({ destination: 'L' })), 'body.destination');
    expectInvalid(await client.itinerary(trip({ destination: 'L'.repeat(101) })), 'body.destination');
    expectInvalid(await client.itinerary(trip({ destination: ['Lisbon'] })), 'body.destination');
  });

  it('interests, pace and unknown fields', async () => {
    expectInvalid(await client.itinerary(trip({ interests: 'fado' })), 'body.interests');
    expectInvalid(await client.itinerary(trip({ interests: Array(9).fill('x') })), 'body.interests');
    expectInvalid(await client.itinerary(trip({ interests: [''] })), 'body.interests.0');
    expectInvalid(await client.itinerary(trip({ interests: ['x'.repeat(61)] })), 'body.interests.0');
    expectInvalid(await client.itinerary(trip({ pace: 'frantic' })), 'body.pace');
    const extra = await client.itinerary(trip({ budget: 'cheap' }));
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('validation_failed');
  });

  it('a body that is not JSON is 400, one not declared as JSON 415', async () => {
    const url = `${travel.url}/api/v1/travel/itineraries`;
    const broken = await call(url, { method: 'POST', body: '{"destination":', token });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const typed = await call(url, {
      method: 'POST',
      body: 'destination=Lisbon',
      token,
      headers: { 'content-type': 'text/plain' },
    });
    expect(typed.status).toBe(415);
  });
});

describe('GET /api/v1/travel/hotels: bad input is 400 naming the field', () => {
  const hotels = (query: Record<string, string | number>) =>
    client.hotels(
      new URLSearchParams(
        Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
      ).toString(),
    );
  const good = { destination: 'PAR', checkIn: daysFromNow(10), checkOut: daysFromNow(12), adults: 2 };

  it('destination, dates and adults', async () => {
    expectInvalid(await hotels({ ...good, destination: '' }), 'query.destination');
    expectInvalid(await hotels({ checkIn: good.checkIn, checkOut: good.checkOut }), 'query.destination');
    expectInvalid(await hotels({ ...good, checkIn: 'tomorrow' }), 'query.checkIn');
    expectInvalid(
      await hotels({ ...good, checkIn: daysFromNow(-5), checkOut: daysFromNow(-3) }),
      'query.checkIn',
      /past/,
    );
    expectInvalid(await hotels({ ...good, checkOut: good.checkIn }), 'query.checkOut', /after checkIn/);
    expectInvalid(await hotels({ ...good, checkOut: daysFromNow(41) }), 'query.checkOut', /30 nights/);
    expectInvalid(await hotels({ ...good, adults: 0 }), 'query.adults');
    expectInvalid(await hotels({ ...good, adults: 10 }), 'query.adults');
    expectInvalid(await hotels({ ...good, adults: 'two' }), 'query.adults');
  });
});

describe('GET /api/v1/travel/locations: bad input is 400 naming the field', () => {
  it('query, category, language and ids', async () => {
    expectInvalid(await client.locations('category=hotels'), 'query.query');
    expectInvalid(await client.locations('query=a'), 'query.query');
    expectInvalid(await client.locations(`query=${'a'.repeat(101)}`), 'query.query');
    expectInvalid(await client.locations('query=paris&category=castles'), 'query.category');
    expectInvalid(await client.locations('query=paris&language=english'), 'query.language');
    expectInvalid(await client.location('12ab'), 'path.id');
    expectInvalid(await client.location('1'.repeat(13), 'reviews'), 'path.id');
    expectInvalid(await client.location('188151', 'photos', 'language=FR'), 'query.language');
  });
});

describe('GET /api/v1/travel/inspiration: bad input is 400 naming the field', () => {
  it('season and theme', async () => {
    expectInvalid(await client.inspiration('season=monsoon'), 'query.season');
    expectInvalid(await client.inspiration('theme=shopping'), 'query.theme');
  });
});

describe('unknown routes', () => {
  it('are 404 in the one error shape', async () => {
    const response = await call(`${travel.url}/api/v1/travel/flights`, { token });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});
