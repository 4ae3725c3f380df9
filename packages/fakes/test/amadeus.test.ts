import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAmadeus, startFakeAmadeus } from '../src/index.ts';

const CLIENT = { clientId: 'amadeus-client-id', clientSecret: 'amadeus-client-secret' };
let fake: FakeAmadeus;
beforeAll(async () => {
  fake = await startFakeAmadeus(CLIENT);
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function token(form: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}/v1/security/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      ...form,
    }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function get(path: string, params: Record<string, string>, accessToken?: string) {
  const response = await fetch(`${fake.url}${path}?${new URLSearchParams(params)}`, {
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('Amadeus Self-Service double', () => {
  it('grants client-credentials tokens and refuses wrong credentials or grant types', async () => {
    const granted = await token();
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({
      type: 'amadeusOAuth2Token',
      token_type: 'Bearer',
      access_token: expect.any(String),
      expires_in: 1799,
      state: 'approved',
    });
    const wrong = await token({ client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client', code: 38187 });
    const grant = await token({ grant_type: 'password' });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('unsupported_grant_type');
    expect(fake.tokenCount()).toBe(1);
  });

  it('finds a city, its hotels and their offers for a stay', async () => {
    const { access_token: accessToken } = (await token()).body;
    const cities = await get(
      '/v1/reference-data/locations/cities',
      { keyword: 'PARIS', max: '1' },
      accessToken,
    );
    expect(cities.body.data[0]).toMatchObject({ subType: 'city', iataCode: 'PAR', name: 'PARIS' });
    const list = await get('/v1/reference-data/locations/hotels/by-city', { cityCode: 'PAR' }, accessToken);
    expect(list.status).toBe(200);
    expect(list.body.data[0]).toMatchObject({
      hotelId: 'RTPAR001',
      iataCode: 'PAR',
      address: { countryCode: 'FR' },
    });
    const ids = list.body.data.map((item: { hotelId: string }) => item.hotelId).join(',');
    const offers = await get(
      '/v3/shopping/hotel-offers',
      { hotelIds: ids, adults: '2', checkInDate: daysFromNow(30), checkOutDate: daysFromNow(32) },
      accessToken,
    );
    expect(offers.status).toBe(200);
    // The sold-out hotel is left out, as the API does.
    expect(offers.body.data.map((item: any) => item.hotel.hotelId)).not.toContain('BWPAR999');
    expect(offers.body.data[0]).toMatchObject({
      type: 'hotel-offers',
      available: true,
      hotel: { hotelId: 'RTPAR001', name: 'NOVOTEL PARIS TOUR EIFFEL' },
      offers: [
        { checkInDate: daysFromNow(30), guests: { adults: 2 }, price: { currency: 'EUR', total: '472.50' } },
      ],
    });
  });

  it("answers Amadeus' error bodies: bad token, expired token, bad input, nothing found", async () => {
    const none = await get('/v1/reference-data/locations/hotels/by-city', { cityCode: 'PAR' });
    expect(none.body.errors[0]).toMatchObject({ code: 38191, status: 401 });
    const invalid = await get('/v1/reference-data/locations/hotels/by-city', { cityCode: 'PAR' }, 'forged');
    expect(invalid.body.errors[0]).toMatchObject({ code: 38190, status: 401 });
    const { access_token: accessToken } = (await token()).body;
    const format = await get(
      '/v1/reference-data/locations/hotels/by-city',
      { cityCode: 'PARIS' },
      accessToken,
    );
    expect(format.body.errors[0]).toMatchObject({
      status: 400,
      code: 477,
      source: { parameter: 'cityCode' },
    });
    const nothing = await get(
      '/v1/reference-data/locations/hotels/by-city',
      { cityCode: 'ZZZ' },
      accessToken,
    );
    expect(nothing.body.errors[0]).toMatchObject({ status: 400, code: 895 });
    const past = await get(
      '/v3/shopping/hotel-offers',
      { hotelIds: 'RTPAR001', adults: '1', checkInDate: '2020-01-01', checkOutDate: '2020-01-02' },
      accessToken,
    );
    expect(past.body.errors[0]).toMatchObject({ code: 381 });
    const soldOut = await get(
      '/v3/shopping/hotel-offers',
      { hotelIds: 'BWPAR999', adults: '1', checkInDate: daysFromNow(5), checkOutDate: daysFromNow(6) },
      accessToken,
    );
    expect(soldOut.body.errors[0]).toMatchObject({ code: 3664 });
    fake.expireTokens();
    const expired = await get(
      '/v1/reference-data/locations/hotels/by-city',
      { cityCode: 'PAR' },
      accessToken,
    );
    expect(expired.body.errors[0]).toMatchObject({ code: 38192, status: 401 });
  });

  it('switches to rate limiting, server errors or silence, and counts every request', async () => {
    fake.setMode('rate_limited');
    const limited = await token();
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0]).toMatchObject({ code: 38194, status: 429 });
    fake.setMode('error');
    expect((await token()).body.errors[0]).toMatchObject({ status: 500, code: 141 });
    fake.setMode('hang');
    const hung = await fetch(`${fake.url}/v1/reference-data/locations/cities?keyword=PAR`, {
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(hung).toBe('TimeoutError');
    expect(fake.requestCount()).toBe(3);
  });
});
