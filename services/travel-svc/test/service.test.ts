import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair, signTestAccessToken } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { travelConfigSchema } from '../src/config.ts';
import {
  call,
  daysFromNow,
  startTravelService,
  type TravelServiceUnderTest,
  travelClient,
} from './harness.ts';

describe('travel-svc configuration', () => {
  it('names every missing variable at once', () => {
    try {
      loadConfig(travelConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config without variables must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) expect(message).toContain(name);
    }
  });

  it('defaults to port 3004, its own Redis prefix, no model, and no provider keys', () => {
    const config = loadConfig(travelConfigSchema, {
      REDIS_URL: 'redis://redis:6379',
      SERVICE_TOKEN: 'a-long-enough-service-token-value',
      JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
    });
    expect(config).toMatchObject({
      PORT: 3004,
      REDIS_KEY_PREFIX: 'perplexica:travel:',
      SEARCH_SERVICE_URL: 'http://127.0.0.1:3001',
      LLM_PROVIDER: 'extractive',
      TRIPADVISOR_API_KEY: '',
      TRIPADVISOR_BASE_URL: 'https://api.content.tripadvisor.com/api/v1',
      AMADEUS_CLIENT_ID: '',
      AMADEUS_BASE_URL: 'https://test.api.amadeus.com',
      HOTEL_CURRENCY: 'EUR',
      HOTELS_PER_SEARCH: 20,
    });
  });

  it('refuses a malformed currency or base URL, naming the variable', () => {
    const base = {
      REDIS_URL: 'redis://redis:6379',
      SERVICE_TOKEN: 'a-long-enough-service-token-value',
      JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
    };
    expect(() => loadConfig(travelConfigSchema, { ...base, HOTEL_CURRENCY: 'euro' })).toThrow(
      /HOTEL_CURRENCY/,
    );
    expect(() => loadConfig(travelConfigSchema, { ...base, AMADEUS_BASE_URL: 'ftp://x' })).toThrow(
      /AMADEUS_BASE_URL/,
    );
  });
});

describe('probes and sign-in', () => {
  let travel: TravelServiceUnderTest;
  beforeAll(async () => {
    travel = await startTravelService();
  });
  afterAll(() => travel?.close());

  it('is alive, and ready when Redis answers (search-svc and providers are not required)', async () => {
    expect((await call(`${travel.url}/health`)).status).toBe(200);
    expect((await call(`${travel.url}/ready`)).status).toBe(200);
  });

  it('every public route needs a signed-in caller', async () => {
    const api = `${travel.url}/api/v1/travel`;
    for (const [url, method] of [
      [`${api}/itineraries`, 'POST'],
      [`${api}/inspiration`, 'GET'],
      [`${api}/locations?query=paris`, 'GET'],
      [`${api}/locations/188151`, 'GET'],
      [`${api}/locations/188151/reviews`, 'GET'],
      [`${api}/locations/188151/photos`, 'GET'],
      [`${api}/hotels?destination=PAR`, 'GET'],
    ] as const) {
      const response = await call(url, { method, ...(method === 'POST' ? { body: {} } : {}) });
      expect(response.status, url).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
  });

  it('an expired or foreign token is 401', async () => {
    const expired = await signTestAccessToken({
      privateKeyPem: generateSigningKeyPair().privateKeyPem,
      expiresInSeconds: -60,
    });
    const response = await call(`${travel.url}/api/v1/travel/inspiration`, { token: expired });
    expect(response.status).toBe(401);
  });
});

describe('rate limits', () => {
  it('counts plans per caller, then answers 429 with Retry-After', async () => {
    const travel = await startTravelService({ RATE_LIMITS: 'itineraries=2/60s' });
    try {
      const client = travelClient(travel.url, await travel.userToken('planner'));
      const bad = { destination: 'L', startDate: daysFromNow(3), endDate: daysFromNow(4) };
      expect((await client.itinerary(bad)).status).toBe(400);
      expect((await client.itinerary(bad)).status).toBe(400);
      const limited = await client.itinerary(bad);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another caller, and another route group, have their own budgets.
      expect((await travelClient(travel.url, await travel.userToken('other')).itinerary(bad)).status).toBe(
        400,
      );
      expect((await client.inspiration('season=monsoon')).status).toBe(400);
    } finally {
      await travel.close();
    }
  });
});
