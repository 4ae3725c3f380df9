import type { Freshness } from '@perplexica/cache';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long each kind of answer is served as is (fresh), and how long past that it is still
 * served while one refresh runs (stale). Longer than the data changes, shorter than a user would
 * notice: prices move within the hour, a museum's reviews within the week, a city's sights
 * hardly at all. Past `staleMs` an answer is gone and the next reader waits for the provider.
 */
export const freshness = {
  /** A plan depends only on its inputs and the web's view of a place. */
  itinerary: { freshMs: DAY, staleMs: 14 * DAY },
  /** cache-worker rebuilds these every 4 hours; stale copies bridge a week of failed runs. */
  inspiration: { freshMs: 6 * HOUR, staleMs: 7 * DAY },
  locationSearch: { freshMs: DAY, staleMs: 7 * DAY },
  locationDetails: { freshMs: DAY, staleMs: 30 * DAY },
  locationReviews: { freshMs: 6 * HOUR, staleMs: 7 * DAY },
  locationPhotos: { freshMs: DAY, staleMs: 30 * DAY },
  /** A city name's IATA code and a city's hotel list barely change. */
  cityCode: { freshMs: 30 * DAY, staleMs: 90 * DAY },
  hotelList: { freshMs: DAY, staleMs: 7 * DAY },
  /** Prices and availability: an hour-old price is a hint, the booking site has the real one. */
  hotelOffers: { freshMs: 15 * MINUTE, staleMs: 2 * HOUR },
} satisfies Record<string, Freshness>;
