import { cachedJson, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import { findHotels, hotelOffersKey, resolveCity } from '../amadeus/hotel-search.ts';
import type { TravelContext, TravelEnv } from '../deps.ts';
import { freshness } from '../freshness.ts';
import { hotelQuery } from '../wire-schemas.ts';

/** Hotels with a room for a stay, priced by Amadeus, each with a link out to book it. */
export function hotelRoutes(ctx: TravelContext): Hono<TravelEnv> {
  const app = new Hono<TravelEnv>();
  const query = hotelQuery(ctx.now);
  const deps = {
    amadeus: ctx.amadeus,
    cache: ctx.cache,
    currency: ctx.config.HOTEL_CURRENCY,
    hotelsPerSearch: ctx.config.HOTELS_PER_SEARCH,
  };

  app.get('/', async (c) => {
    const request = queryParams(c, query);
    const city = await resolveCity(deps, request.destination);
    const cached = await ctx.cache.get(hotelOffersKey(city, request), freshness.hotelOffers, () =>
      findHotels(deps, city, request),
    );
    // One city's offers are cached once however it was asked for ("Paris", "PAR"); the answer
    // names the destination as this caller wrote it, not as whoever filled the cache did.
    const offers = JSON.parse(cached.json) as Record<string, unknown>;
    return cachedJson(
      c,
      { ...cached, json: JSON.stringify({ ...offers, destination: request.destination }) },
      { freshMs: freshness.hotelOffers.freshMs, now: ctx.now(), shared: true },
    );
  });

  return app;
}
