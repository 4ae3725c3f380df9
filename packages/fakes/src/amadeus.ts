import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type FakeRequest, type FakeServer, sendJson, startFakeServer } from './fake-server.ts';

/**
 * A stand-in for Amadeus Self-Service (https://test.api.amadeus.com), the parts a hotel search
 * uses, with the paths, parameters and bodies of Amadeus' OpenAPI specifications:
 *
 * - `POST /v1/security/oauth2/token` (form: grant_type=client_credentials, client_id,
 *   client_secret) → `{type: "amadeusOAuth2Token", access_token, expires_in, ...}`;
 * - `GET /v1/reference-data/locations/cities?keyword=&max=` (City Search);
 * - `GET /v1/reference-data/locations/hotels/by-city?cityCode=` (Hotel List);
 * - `GET /v3/shopping/hotel-offers?hotelIds=&adults=&checkInDate=&checkOutDate=` (Hotel Search v3).
 *
 * Errors are Amadeus' own: the token endpoint's `{error, error_description, code, title}`, and
 * `{errors: [{status, code, title, detail, source?}]}` everywhere else (38190 invalid token,
 * 38191 missing header, 38192 expired token, 38194 rate limit, 477 invalid format, 895 nothing
 * found for the city, 381/404 bad dates, 3664 no rooms, 141 system error).
 */
export type AmadeusMode = 'ok' | 'error' | 'hang' | 'rate_limited';

export interface AmadeusCityFixture {
  name: string;
  iataCode: string;
  countryCode: string;
  latitude: number;
  longitude: number;
}

export interface AmadeusHotelFixture {
  hotelId: string;
  chainCode: string;
  name: string;
  iataCode: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  /** Stars, when the list gives them. */
  rating?: number;
  /** Price of one night for one adult, in `currency`. */
  nightlyRate: number;
  currency: string;
  /** False: the offers search finds no rooms there. */
  available: boolean;
}

export interface FakeAmadeusOptions {
  clientId: string;
  clientSecret: string;
  /** `expires_in` of issued tokens (Amadeus: 1799). */
  tokenTtlSeconds?: number;
  cities?: readonly AmadeusCityFixture[];
  hotels?: readonly AmadeusHotelFixture[];
  latencyMs?: number;
}

export interface FakeAmadeus extends FakeServer {
  setMode(mode: AmadeusMode): void;
  /** Every request so far (token requests included), whatever the mode. */
  requestCount(): number;
  /** Successful token grants so far. */
  tokenCount(): number;
  /** Makes every issued token expired, as 30 minutes passing would. */
  expireTokens(): void;
}

export const defaultAmadeusCities: readonly AmadeusCityFixture[] = [
  { name: 'PARIS', iataCode: 'PAR', countryCode: 'FR', latitude: 48.85341, longitude: 2.3488 },
  { name: 'LISBON', iataCode: 'LIS', countryCode: 'PT', latitude: 38.71667, longitude: -9.13333 },
  { name: 'LONDON', iataCode: 'LON', countryCode: 'GB', latitude: 51.50853, longitude: -0.12574 },
  { name: 'KYOTO', iataCode: 'UKY', countryCode: 'JP', latitude: 35.02107, longitude: 135.75385 },
];

const hotel = (
  hotelId: string,
  name: string,
  iataCode: string,
  countryCode: string,
  nightlyRate: number,
  currency: string,
  extra: Partial<AmadeusHotelFixture> = {},
): AmadeusHotelFixture => ({
  hotelId,
  chainCode: hotelId.slice(0, 2),
  name,
  iataCode,
  countryCode,
  latitude: 0,
  longitude: 0,
  nightlyRate,
  currency,
  available: true,
  ...extra,
});

export const defaultAmadeusHotels: readonly AmadeusHotelFixture[] = [
  hotel('RTPAR001', 'NOVOTEL PARIS TOUR EIFFEL', 'PAR', 'FR', 189, 'EUR', { rating: 4 }),
  hotel('ACPAR419', 'LE NOTRE DAME', 'PAR', 'FR', 142.5, 'EUR', { rating: 3 }),
  hotel('HIPAR123', 'HOLIDAY INN PARIS GARE DE LYON', 'PAR', 'FR', 121, 'EUR'),
  hotel('BWPAR999', 'BEST WESTERN SOLD OUT', 'PAR', 'FR', 99, 'EUR', { available: false }),
  hotel('PTLIS001', 'PESTANA PALACE LISBOA', 'LIS', 'PT', 210, 'EUR', { rating: 5 }),
  hotel('TILIS002', 'TIVOLI AVENIDA LIBERDADE', 'LIS', 'PT', 175, 'EUR', { rating: 5 }),
  hotel('HLLON101', 'THE TRAFALGAR', 'LON', 'GB', 300, 'GBP', { rating: 4 }),
];

const errors = (status: number, code: number, title: string, detail?: string, parameter?: string) => ({
  errors: [
    {
      status,
      code,
      title,
      ...(detail ? { detail } : {}),
      ...(parameter ? { source: { parameter } } : {}),
    },
  ],
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const todayUtc = () => new Date(new Date().toISOString().slice(0, 10)).getTime();

export async function startFakeAmadeus(options: FakeAmadeusOptions): Promise<FakeAmadeus> {
  const cities = options.cities ?? defaultAmadeusCities;
  const hotels = options.hotels ?? defaultAmadeusHotels;
  const ttlSeconds = options.tokenTtlSeconds ?? 1799;
  /** token → expiry (ms since epoch). */
  const tokens = new Map<string, number>();
  let mode: AmadeusMode = 'ok';
  let requests = 0;
  let grants = 0;

  const grantToken = (req: FakeRequest, res: ServerResponse) => {
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    if (form.grant_type !== 'client_credentials') {
      return sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Only client_credentials value is allowed for the body parameter grant_type',
        code: 38187,
        title: 'Invalid parameters',
      });
    }
    if (form.client_id !== options.clientId || form.client_secret !== options.clientSecret) {
      return sendJson(res, 401, {
        error: 'invalid_client',
        error_description: 'Client credentials are invalid',
        code: 38187,
        title: 'Invalid parameters',
      });
    }
    const token = randomBytes(21).toString('base64url');
    tokens.set(token, Date.now() + ttlSeconds * 1000);
    grants++;
    sendJson(res, 200, {
      type: 'amadeusOAuth2Token',
      username: 'developer@example.com',
      application_name: 'perplexica-fake',
      client_id: options.clientId,
      token_type: 'Bearer',
      access_token: token,
      expires_in: ttlSeconds,
      state: 'approved',
      scope: '',
    });
  };

  /** Answers an unauthorised request and returns true, or returns false for a valid token. */
  const refused = (req: FakeRequest, res: ServerResponse): boolean => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      sendJson(res, 401, {
        errors: [
          {
            code: 38191,
            title: 'Invalid HTTP header',
            detail: 'Missing or invalid format for mandatory Authorization header',
            status: 401,
          },
        ],
      });
      return true;
    }
    const expires = tokens.get(token);
    if (expires === undefined) {
      sendJson(
        res,
        401,
        errors(
          401,
          38190,
          'Invalid access token',
          'The access token provided in the Authorization header is invalid',
        ),
      );
      return true;
    }
    if (expires <= Date.now()) {
      sendJson(res, 401, errors(401, 38192, 'Access token expired', 'The access token is expired'));
      return true;
    }
    return false;
  };

  const citySearch = (req: FakeRequest, res: ServerResponse) => {
    const keyword = (req.query.keyword ?? '').trim().toUpperCase();
    if (!keyword) {
      return sendJson(
        res,
        400,
        errors(400, 32171, 'MANDATORY DATA MISSING', 'Missing mandatory query parameter'),
      );
    }
    if (keyword.length < 2 || keyword.length > 10) {
      return sendJson(
        res,
        400,
        errors(400, 2781, 'INVALID LENGTH', 'keyword length must be 2 to 10', 'keyword'),
      );
    }
    const max = Math.max(1, Number.parseInt(req.query.max ?? '10', 10) || 10);
    const found = cities
      .filter((city) => ` ${city.name}`.includes(` ${keyword}`))
      .slice(0, max)
      .map((city) => ({
        type: 'location',
        subType: 'city',
        name: city.name,
        iataCode: city.iataCode,
        address: { countryCode: city.countryCode },
        geoCode: { latitude: city.latitude, longitude: city.longitude },
      }));
    sendJson(res, 200, {
      meta: { count: found.length, links: { self: `${req.path}?keyword=${keyword}` } },
      data: found,
    });
  };

  const hotelsByCity = (req: FakeRequest, res: ServerResponse) => {
    const cityCode = req.query.cityCode ?? '';
    if (!/^[A-Za-z]{3}$/.test(cityCode)) {
      return sendJson(
        res,
        400,
        errors(400, 477, 'INVALID FORMAT', 'invalid query parameter format', 'cityCode'),
      );
    }
    const found = hotels.filter((entry) => entry.iataCode === cityCode.toUpperCase());
    if (found.length === 0) {
      return sendJson(res, 400, errors(400, 895, 'NOTHING FOUND FOR REQUESTED CITY', undefined, 'cityCode'));
    }
    sendJson(res, 200, {
      data: found.map((entry, index) => ({
        chainCode: entry.chainCode,
        iataCode: entry.iataCode,
        dupeId: 700_000_000 + index,
        name: entry.name,
        hotelId: entry.hotelId,
        geoCode: { latitude: entry.latitude, longitude: entry.longitude },
        address: { countryCode: entry.countryCode },
        ...(entry.rating !== undefined ? { rating: entry.rating } : {}),
        lastUpdate: '2024-06-01T10:00:00',
      })),
      meta: { count: found.length, links: { self: `${req.path}?cityCode=${cityCode}` } },
    });
  };

  const hotelOffers = (req: FakeRequest, res: ServerResponse) => {
    const { query } = req;
    const ids = (query.hotelIds ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 20) {
      return sendJson(res, 400, errors(400, 477, 'INVALID FORMAT', 'hotelIds: 1 to 20 codes', 'hotelIds'));
    }
    const adults = Number(query.adults);
    if (!Number.isInteger(adults) || adults < 1 || adults > 9) {
      return sendJson(res, 400, errors(400, 397, 'INVALID NUMBER OF ADULTS', undefined, 'adults'));
    }
    const checkIn = query.checkInDate ?? new Date().toISOString().slice(0, 10);
    if (!ISO_DATE.test(checkIn) || Date.parse(checkIn) < todayUtc()) {
      return sendJson(res, 400, errors(400, 381, 'INVALID CHECK-IN DATE', undefined, 'checkInDate'));
    }
    const checkOut = query.checkOutDate ?? new Date(Date.parse(checkIn) + DAY_MS).toISOString().slice(0, 10);
    if (!ISO_DATE.test(checkOut)) {
      return sendJson(res, 400, errors(400, 382, 'INVALID CHECK-OUT DATE', undefined, 'checkOutDate'));
    }
    const nights = Math.round((Date.parse(checkOut) - Date.parse(checkIn)) / DAY_MS);
    if (nights < 1) {
      return sendJson(
        res,
        400,
        errors(
          400,
          404,
          'CHECK_OUT DATE MUST BE FURTHER IN THE FUTURE THAN CHECK-IN DATE',
          undefined,
          'checkOutDate',
        ),
      );
    }
    const known = ids.map((id) => hotels.find((entry) => entry.hotelId === id)).filter((entry) => !!entry);
    if (known.length === 0) {
      return sendJson(res, 400, errors(400, 1257, 'INVALID PROPERTY CODE', undefined, 'hotelIds'));
    }
    const open = known.filter((entry) => entry.available);
    if (open.length === 0) {
      return sendJson(res, 400, errors(400, 3664, 'NO ROOMS AVAILABLE AT REQUESTED PROPERTY'));
    }
    sendJson(res, 200, {
      data: open.map((entry) => {
        const total = (entry.nightlyRate * nights * (1 + 0.25 * (adults - 1))).toFixed(2);
        const offerId = `${entry.hotelId}${checkIn.replaceAll('-', '')}${adults}`.slice(0, 20);
        return {
          type: 'hotel-offers',
          hotel: {
            type: 'hotel',
            hotelId: entry.hotelId,
            chainCode: entry.chainCode,
            name: entry.name,
            cityCode: entry.iataCode,
            latitude: entry.latitude,
            longitude: entry.longitude,
          },
          available: true,
          offers: [
            {
              id: offerId,
              checkInDate: checkIn,
              checkOutDate: checkOut,
              rateCode: 'RAC',
              room: {
                type: 'A1K',
                typeEstimated: { category: 'STANDARD_ROOM', beds: 1, bedType: 'KING' },
                description: { text: 'STANDARD ROOM\nFREE WIFI', lang: 'EN' },
              },
              guests: { adults },
              price: {
                currency: entry.currency,
                base: total,
                total,
                variations: { average: { base: (Number(total) / nights).toFixed(2) } },
              },
              policies: { paymentType: 'deposit', cancellation: { type: 'FULL_STAY' } },
              self: `https://test.api.amadeus.com/v3/shopping/hotel-offers/${offerId}`,
            },
          ],
          self: `https://test.api.amadeus.com/v3/shopping/hotel-offers?hotelIds=${entry.hotelId}&adults=${adults}`,
        };
      }),
    });
  };

  const handle = (req: FakeRequest, res: ServerResponse) => {
    requests++;
    if (mode === 'hang') return;
    if (mode === 'rate_limited') {
      return sendJson(
        res,
        429,
        errors(429, 38194, 'Too many requests', 'The network rate limit is exceeded, please try again later'),
      );
    }
    if (mode === 'error') return sendJson(res, 500, errors(500, 141, 'SYSTEM ERROR HAS OCCURRED'));
    const route = `${req.method} ${req.path}`;
    if (route === 'POST /v1/security/oauth2/token') return grantToken(req, res);
    const endpoints: Record<string, (req: FakeRequest, res: ServerResponse) => void> = {
      'GET /v1/reference-data/locations/cities': citySearch,
      'GET /v1/reference-data/locations/hotels/by-city': hotelsByCity,
      'GET /v3/shopping/hotel-offers': hotelOffers,
    };
    const endpoint = endpoints[route];
    if (!endpoint)
      return sendJson(res, 404, errors(404, 38196, 'Resource not found', `No route for ${route}`));
    if (refused(req, res)) return;
    endpoint(req, res);
  };

  const server = await startFakeServer(handle, {
    latencyMs: options.latencyMs,
    onReset: () => {
      mode = 'ok';
      requests = 0;
      grants = 0;
      tokens.clear();
    },
  });
  return Object.assign(server, {
    setMode(next: AmadeusMode) {
      mode = next;
    },
    requestCount: () => requests,
    tokenCount: () => grants,
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
  });
}
