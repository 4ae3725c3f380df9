import type { SwrCache } from '@perplexica/cache';
import { ApiError } from '@perplexica/errors';
import { daysBetween } from '../dates.ts';
import { freshness } from '../freshness.ts';
import type { HotelRequest } from '../wire-schemas.ts';
import { type AmadeusClient, asciiUpper, type City } from './amadeus-client.ts';
import type { ListedHotel } from './amadeus-wire.ts';
import { bookingSearchUrl } from './booking-link.ts';

export interface HotelSearchDeps {
  amadeus: AmadeusClient;
  cache: SwrCache;
  currency: string;
  hotelsPerSearch: number;
}

/** A destination as Amadeus knows it: its IATA city code, and its name when we looked it up. */
export interface ResolvedCity {
  iataCode: string;
  name: string | null;
}

const IATA_CODE = /^[A-Za-z]{3}$/;

/**
 * "PAR" is taken as an IATA city code as is; anything else is a name that City Search turns
 * into one (cached for a month: cities do not move). A name Amadeus does not know is 404.
 */
export async function resolveCity(deps: HotelSearchDeps, destination: string): Promise<ResolvedCity> {
  if (IATA_CODE.test(destination)) return { iataCode: destination.toUpperCase(), name: null };
  // Amadeus' City Search matches plain Latin letters; "東京" has none to look for.
  const name = asciiUpper(destination);
  if (name.length < 2) throw unknownCity(destination);
  const cached = await deps.cache.get(
    `hotels:city:${name.toLowerCase().replaceAll(' ', '-')}`,
    freshness.cityCode,
    async () => ({
      city: await deps.amadeus.findCity(destination),
    }),
  );
  const { city } = JSON.parse(cached.json) as { city: City | null };
  if (!city) throw unknownCity(destination);
  return { iataCode: city.iataCode, name: city.name };
}

const unknownCity = (destination: string) =>
  new ApiError('not_found', `Amadeus knows no city called "${destination}": try its IATA code (e.g. PAR)`);

export const hotelOffersKey = (city: ResolvedCity, request: HotelRequest) =>
  `hotels:offers:${city.iataCode}:${request.checkIn}:${request.checkOut}:${request.adults}`;

/**
 * The hotels of a city with a room for the stay, cheapest first, each with its Amadeus price
 * (the total for the stay) and a link out to book it. The city's hotel list is cached for a day;
 * the offers are what the caller caches (15 minutes).
 */
export async function findHotels(deps: HotelSearchDeps, city: ResolvedCity, request: HotelRequest) {
  const listed = await deps.cache.get(`hotels:list:${city.iataCode}`, freshness.hotelList, async () => ({
    hotels: await deps.amadeus.hotelsInCity(city.iataCode),
  }));
  const { hotels } = JSON.parse(listed.json) as { hotels: ListedHotel[] };
  const considered = hotels.slice(0, deps.hotelsPerSearch);
  const offers =
    considered.length === 0
      ? []
      : await deps.amadeus.offers({
          hotelIds: considered.map((hotel) => hotel.hotelId),
          checkIn: request.checkIn,
          checkOut: request.checkOut,
          adults: request.adults,
          currency: deps.currency,
        });
  const byId = new Map(considered.map((hotel) => [hotel.hotelId, hotel]));
  const results = offers.flatMap((offer) => {
    const best = offer.offers.find((candidate) => candidate.price.total !== null);
    if (!best || best.price.total === null) return [];
    const listing = byId.get(offer.hotel.hotelId);
    const name = offer.hotel.name ?? listing?.name ?? offer.hotel.hotelId;
    return [
      {
        hotelId: offer.hotel.hotelId,
        name,
        price: { amount: best.price.total, currency: best.price.currency },
        rating: listing?.rating ?? null,
        address: listing ? addressOf(listing) : null,
        latitude: listing?.geoCode?.latitude ?? null,
        longitude: listing?.geoCode?.longitude ?? null,
        bookingUrl: bookingSearchUrl({
          hotelName: name,
          cityName: city.name,
          checkIn: request.checkIn,
          checkOut: request.checkOut,
          adults: request.adults,
        }),
      },
    ];
  });
  results.sort((a, b) => a.price.amount - b.price.amount);
  return {
    destination: request.destination,
    cityCode: city.iataCode,
    cityName: city.name,
    checkIn: request.checkIn,
    checkOut: request.checkOut,
    nights: daysBetween(request.checkIn, request.checkOut),
    adults: request.adults,
    hotels: results,
    /** Prices are Amadeus' totals for the whole stay; the booking site's live price may differ. */
    provider: 'amadeus',
    bookingSite: 'booking.com',
  };
}

function addressOf(hotel: ListedHotel): string | null {
  const address = hotel.address;
  if (!address) return null;
  const parts = [...(address.lines ?? []), address.postalCode, address.cityName, address.countryCode];
  const text = parts.filter((part): part is string => Boolean(part?.trim())).join(', ');
  return text || null;
}
