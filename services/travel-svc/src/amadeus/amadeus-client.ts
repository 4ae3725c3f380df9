import { ApiError } from '@perplexica/errors';
import type { Logger } from '@perplexica/observability';
import type { z } from 'zod';
import { type ProviderReply, providerFailure, providerRequest } from '../provider-http.ts';
import type { AmadeusTokens } from './amadeus-token.ts';
import {
  type AmadeusError,
  citiesAnswer,
  errorsAnswer,
  type HotelOffers,
  hotelListAnswer,
  type ListedHotel,
  offersAnswer,
} from './amadeus-wire.ts';

export interface City {
  iataCode: string;
  name: string;
  countryCode: string | null;
}

export interface OffersRequest {
  hotelIds: string[];
  checkIn: string;
  checkOut: string;
  adults: number;
  currency: string;
}

/** The three Amadeus calls a hotel search makes. */
export interface AmadeusClient {
  /** The city a name means (City Search), or null when Amadeus knows none. */
  findCity(name: string): Promise<City | null>;
  /** A city's hotels (Hotel List by city); [] when Amadeus has none there. */
  hotelsInCity(cityCode: string): Promise<ListedHotel[]>;
  /** The best offer of each hotel with rooms for the stay (Hotel Search v3); [] when none has. */
  offers(request: OffersRequest): Promise<HotelOffers[]>;
}

const PROVIDER = 'Amadeus';

/** Amadeus' codes for an access token it no longer accepts: get a new one and try once more. */
const STALE_TOKEN_CODES = new Set([38190, 38192, 38193]);
/** Hotel List: 895 NOTHING FOUND FOR REQUESTED CITY. Hotel Search: 3664 NO ROOMS AVAILABLE. */
const NOTHING_FOUND_CODES = new Set([895, 3664]);
/** Hotel Search's verdicts on the dates we passed on: the caller's input, so a 400. */
const DATE_CODES: Record<number, string> = {
  145: 'checkOut: the stay dates are not accepted by the hotel provider',
  377: 'checkOut: the stay is longer than the hotel provider allows',
  381: 'checkIn: the hotel provider does not accept this check-in date',
  382: 'checkOut: the hotel provider does not accept this check-out date',
  404: 'checkOut: must be after checkIn',
  431: 'checkOut: too far in the future for the hotel provider',
};

export interface AmadeusClientConfig {
  baseUrl: string;
  tokens: AmadeusTokens;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
}

export function createAmadeusClient(config: AmadeusClientConfig): AmadeusClient {
  async function get(path: string, params: Record<string, string>): Promise<ProviderReply> {
    const url = new URL(path, config.baseUrl);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    for (let attempt = 0; ; attempt++) {
      const token = await config.tokens.get();
      const reply = await providerRequest({
        provider: PROVIDER,
        url,
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: config.timeoutMs,
        fetch: config.fetch,
        logger: config.logger,
      });
      const stale = reply.status === 401 && STALE_TOKEN_CODES.has(firstError(reply)?.code ?? 0);
      if (!stale || attempt > 0) return reply;
      config.tokens.invalidate(token);
    }
  }

  const fail = (path: string, reply: ProviderReply, what?: string) =>
    providerFailure(config.logger, PROVIDER, path, reply, what);

  function parse<S extends z.ZodType>(path: string, reply: ProviderReply, schema: S): z.infer<S> {
    if (reply.status !== 200) throw fail(path, reply);
    const parsed = schema.safeParse(reply.body);
    if (!parsed.success) throw fail(path, reply, 'answered a shape we do not know');
    return parsed.data;
  }

  return {
    async findCity(name) {
      const path = '/v1/reference-data/locations/cities';
      // City Search takes 2-10 letters, the start of a word in the name, without accents.
      const keyword = asciiUpper(name).slice(0, 10).trim();
      if (keyword.length < 2) return null;
      const reply = await get(path, { keyword, max: '10' });
      if (reply.status === 400) return null;
      const cities = parse(path, reply, citiesAnswer).data.filter((city) => city.iataCode);
      const wanted = asciiUpper(name);
      const best = cities.find((city) => asciiUpper(city.name) === wanted) ?? cities[0];
      if (!best?.iataCode) return null;
      return { iataCode: best.iataCode, name: best.name, countryCode: best.address?.countryCode ?? null };
    },

    async hotelsInCity(cityCode) {
      const path = '/v1/reference-data/locations/hotels/by-city';
      const reply = await get(path, { cityCode, radius: '20', radiusUnit: 'KM', hotelSource: 'ALL' });
      if (reply.status === 400 && NOTHING_FOUND_CODES.has(firstError(reply)?.code ?? 0)) return [];
      return parse(path, reply, hotelListAnswer).data;
    },

    async offers(request) {
      const path = '/v3/shopping/hotel-offers';
      const reply = await get(path, {
        hotelIds: request.hotelIds.join(','),
        adults: String(request.adults),
        checkInDate: request.checkIn,
        checkOutDate: request.checkOut,
        roomQuantity: '1',
        currency: request.currency,
        bestRateOnly: 'true',
      });
      if (reply.status === 400) {
        const code = firstError(reply)?.code ?? 0;
        if (NOTHING_FOUND_CODES.has(code)) return [];
        const dateProblem = DATE_CODES[code];
        if (dateProblem) throw new ApiError('validation_failed', dateProblem);
      }
      return parse(path, reply, offersAnswer).data.filter((hotel) => hotel.available !== false);
    },
  };
}

function firstError(reply: ProviderReply): AmadeusError | undefined {
  const parsed = errorsAnswer.safeParse(reply.body);
  return parsed.success ? parsed.data.errors[0] : undefined;
}

/** "São Paulo" → "SAO PAULO": Amadeus' names are plain upper-case ASCII. */
export function asciiUpper(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

/** Without Amadeus credentials the hotel search is 503 not_configured, naming the variables. */
export const unconfiguredAmadeus: AmadeusClient = {
  findCity: notConfigured,
  hotelsInCity: notConfigured,
  offers: notConfigured,
};

async function notConfigured(): Promise<never> {
  throw new ApiError(
    'not_configured',
    'Hotel search is not configured: set AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET (Amadeus Self-Service API keys)',
  );
}
