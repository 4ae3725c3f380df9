import type { ServerResponse } from 'node:http';
import { type FakeRequest, type FakeServer, sendJson, startFakeServer } from './fake-server.ts';

/**
 * A stand-in for the Tripadvisor Content API (https://api.content.tripadvisor.com/api/v1):
 * `GET /api/v1/location/search`, `/location/{id}/details`, `/location/{id}/reviews` and
 * `/location/{id}/photos`, the key in the `key` query parameter, snake_case bodies as the
 * reference documents them (`{data: [...]}` lists, `address_obj`, `ranking_data`, `images.{size}`).
 *
 * Errors, as the API answers them:
 * - missing or wrong key: 403 `{"Message": "User is not authorized to access this resource with an
 *   explicit deny"}` (the API gateway's answer, not the documented error object);
 * - unknown location id: 404 `{"error": {"message", "type", "code"}}`;
 * - mode `rate_limited`: 429 with the same error object; `error`: 500; `hang`: no answer at all.
 */
export type TripadvisorMode = 'ok' | 'error' | 'hang' | 'rate_limited';

export type TripadvisorCategory = 'hotel' | 'attraction' | 'restaurant' | 'geo';

/** One location the fake knows, in the API's own field names. */
export interface TripadvisorFixture {
  location_id: string;
  name: string;
  category: TripadvisorCategory;
  description: string;
  address_obj: {
    street1?: string;
    city: string;
    country: string;
    postalcode?: string;
    address_string: string;
  };
  latitude: string;
  longitude: string;
  rating: string;
  num_reviews: string;
  ranking_string: string;
  price_level?: string;
  cuisine?: string[];
  website?: string;
  phone?: string;
}

export interface FakeTripadvisorOptions {
  /** The one key this fake accepts. */
  apiKey: string;
  locations?: readonly TripadvisorFixture[];
  latencyMs?: number;
}

export interface FakeTripadvisor extends FakeServer {
  setMode(mode: TripadvisorMode): void;
  /** Requests under /api/v1 so far, whatever the mode or key. */
  requestCount(): number;
}

const place = (
  location_id: string,
  name: string,
  category: TripadvisorCategory,
  city: string,
  country: string,
  street1: string,
  extra: Partial<TripadvisorFixture> = {},
): TripadvisorFixture => ({
  location_id,
  name,
  category,
  description: `${name} is one of the best-known places in ${city}.`,
  address_obj: { street1, city, country, address_string: `${street1}, ${city}, ${country}` },
  latitude: '0',
  longitude: '0',
  rating: '4.5',
  num_reviews: '1200',
  ranking_string: `#1 of 100 things to do in ${city}`,
  ...extra,
});

/** A handful of real-looking places in Paris, Lisbon and Kyoto. */
export const defaultTripadvisorLocations: readonly TripadvisorFixture[] = [
  place('187147', 'Paris', 'geo', 'Paris', 'France', 'Ile-de-France', {
    description: 'The capital of France, on the Seine.',
    latitude: '48.856617',
    longitude: '2.352222',
    ranking_string: '',
  }),
  place('188151', 'Eiffel Tower', 'attraction', 'Paris', 'France', 'Av. Gustave Eiffel', {
    description: 'The wrought-iron tower on the Champ de Mars, built for the 1889 World Fair.',
    latitude: '48.858353',
    longitude: '2.294464',
    rating: '4.6',
    num_reviews: '143517',
    ranking_string: '#5 of 3,813 things to do in Paris',
    website: 'https://www.toureiffel.paris/',
  }),
  place('188757', 'Louvre Museum', 'attraction', 'Paris', 'France', 'Rue de Rivoli', {
    description: "The world's most-visited museum, home of the Mona Lisa.",
    latitude: '48.860611',
    longitude: '2.337644',
    rating: '4.6',
    num_reviews: '98000',
    ranking_string: '#1 of 3,813 things to do in Paris',
  }),
  place('718290', 'Le Jules Verne', 'restaurant', 'Paris', 'France', 'Av. Gustave Eiffel', {
    description: 'Fine dining on the second floor of the Eiffel Tower.',
    price_level: '$$$$',
    cuisine: ['French', 'European'],
    phone: '+33 1 83 77 34 34',
  }),
  place('197528', 'Hotel Le Meurice', 'hotel', 'Paris', 'France', '228 Rue de Rivoli', {
    price_level: '$$$$',
    rating: '4.5',
  }),
  place('189158', 'Lisbon', 'geo', 'Lisbon', 'Portugal', 'Lisbon District', {
    description: 'The hilly, coastal capital of Portugal.',
    ranking_string: '',
  }),
  place('195249', 'Belem Tower', 'attraction', 'Lisbon', 'Portugal', 'Av. Brasilia', {
    description: 'A 16th-century fortification on the Tagus, a symbol of the Age of Discoveries.',
    ranking_string: '#8 of 1,262 things to do in Lisbon',
  }),
  place('1936460', 'Time Out Market Lisboa', 'restaurant', 'Lisbon', 'Portugal', 'Av. 24 de Julho 49', {
    cuisine: ['Portuguese', 'Seafood'],
    price_level: '$$ - $$$',
  }),
  place('298564', 'Kyoto', 'geo', 'Kyoto', 'Japan', 'Kyoto Prefecture', {
    description: 'The former imperial capital of Japan, famous for its temples.',
    ranking_string: '',
  }),
  place('321418', 'Fushimi Inari Taisha', 'attraction', 'Kyoto', 'Japan', '68 Fukakusa Yabunouchicho', {
    description: 'A Shinto shrine with thousands of vermilion torii gates.',
    ranking_string: '#1 of 1,183 things to do in Kyoto',
  }),
];

const SEARCH_CATEGORIES: Record<string, TripadvisorCategory> = {
  hotels: 'hotel',
  attractions: 'attraction',
  restaurants: 'restaurant',
  geos: 'geo',
};

const CATEGORY_NAMES: Record<TripadvisorCategory, string> = {
  hotel: 'Hotel',
  attraction: 'Attraction',
  restaurant: 'Restaurant',
  geo: 'Geographic',
};

/** The documented error object. */
const errorBody = (message: string, type: string, code: number) => ({ error: { message, type, code } });

const DENIED = { Message: 'User is not authorized to access this resource with an explicit deny' };

const photoSizes = (id: string, n: number) => {
  const url = (size: string, width: number, height: number) => ({
    height,
    width,
    url: `https://media-cdn.tripadvisor.com/media/photo-${size}/${id}/${n}.jpg`,
  });
  return {
    thumbnail: url('t', 50, 50),
    small: url('l', 150, 150),
    medium: url('f', 250, 188),
    large: url('s', 550, 412),
    original: url('o', 2000, 1500),
  };
};

/** What /details answers for a fixture: the fields the reference lists, filled from it. */
function detailsOf(location: TripadvisorFixture) {
  const ratingValue = Number(location.rating);
  return {
    location_id: location.location_id,
    name: location.name,
    description: location.description,
    web_url: `https://www.tripadvisor.com/Attraction_Review-d${location.location_id}`,
    address_obj: location.address_obj,
    ancestors: [{ level: 'City', name: location.address_obj.city, location_id: '1' }],
    latitude: location.latitude,
    longitude: location.longitude,
    timezone: 'Europe/Paris',
    ...(location.phone ? { phone: location.phone } : {}),
    ...(location.website ? { website: location.website } : {}),
    write_review: `https://www.tripadvisor.com/UserReview-d${location.location_id}`,
    ...(location.ranking_string
      ? {
          ranking_data: {
            geo_location_id: '1',
            ranking_string: location.ranking_string,
            geo_location_name: location.address_obj.city,
            ranking_out_of: '100',
            ranking: '1',
          },
        }
      : {}),
    rating: location.rating,
    rating_image_url: `https://www.tripadvisor.com/img/cdsi/img2/ratings/traveler/${ratingValue.toFixed(1)}-MCID-5.svg`,
    num_reviews: location.num_reviews,
    review_rating_count: { '1': '10', '2': '20', '3': '100', '4': '400', '5': '670' },
    photo_count: '3',
    see_all_photos: `https://www.tripadvisor.com/Attraction_Review-d${location.location_id}#photos`,
    ...(location.price_level ? { price_level: location.price_level } : {}),
    ...(location.cuisine
      ? { cuisine: location.cuisine.map((name) => ({ name: name.toLowerCase(), localized_name: name })) }
      : {}),
    category: { name: location.category, localized_name: CATEGORY_NAMES[location.category] },
    subcategory: [{ name: location.category, localized_name: CATEGORY_NAMES[location.category] }],
    hours: {
      periods: [{ open: { day: 1, time: '0900' }, close: { day: 1, time: '1800' } }],
      weekday_text: ['Monday: 09:00 - 18:00'],
    },
  };
}

function reviewsOf(location: TripadvisorFixture) {
  return [5, 4, 3].map((rating, index) => ({
    id: Number(`${location.location_id}${index + 1}`),
    lang: 'en',
    location_id: Number(location.location_id),
    published_date: `2025-0${index + 3}-1${index}T09:00:00Z`,
    rating,
    helpful_votes: 3 - index,
    rating_image_url: `https://www.tripadvisor.com/img/cdsi/img2/ratings/traveler/s${rating}.0.svg`,
    url: `https://www.tripadvisor.com/ShowUserReviews-d${location.location_id}-r${index + 1}`,
    text: `Review ${index + 1} of ${location.name}: ${rating >= 4 ? 'well worth the visit' : 'crowded but fine'}.`,
    title: rating >= 4 ? `Loved ${location.name}` : `${location.name} was okay`,
    trip_type: ['Couples', 'Family', 'Solo travel'][index],
    travel_date: `2025-0${index + 2}-31`,
    user: {
      username: `traveller${index + 1}`,
      user_location: { id: '2', name: 'London, United Kingdom' },
      avatar: { thumbnail: 'https://media-cdn.tripadvisor.com/media/photo-t/avatar.jpg' },
    },
    subratings: {},
  }));
}

function photosOf(location: TripadvisorFixture) {
  return [1, 2, 3].map((n) => ({
    id: Number(`${location.location_id}0${n}`),
    is_blessed: n === 1,
    caption: n === 1 ? location.name : `${location.name}, view ${n}`,
    published_date: `2024-1${n - 1}-01T12:00:00.000Z`,
    images: photoSizes(location.location_id, n),
    album: 'Other',
    source: { name: 'Traveler', localized_name: 'Traveler' },
    user: { username: `photographer${n}` },
  }));
}

/** Up to `limit` (at most 5, as the API gives) from `offset`. */
function page<T>(items: T[], query: Record<string, string>): T[] {
  const limit = Math.min(5, Math.max(1, Number.parseInt(query.limit ?? '5', 10) || 5));
  const offset = Math.max(0, Number.parseInt(query.offset ?? '0', 10) || 0);
  return items.slice(offset, offset + limit);
}

export async function startFakeTripadvisor(options: FakeTripadvisorOptions): Promise<FakeTripadvisor> {
  const locations = options.locations ?? defaultTripadvisorLocations;
  const byId = new Map(locations.map((location) => [location.location_id, location]));
  let mode: TripadvisorMode = 'ok';
  let requests = 0;

  const search = (req: FakeRequest, res: ServerResponse) => {
    const searchQuery = (req.query.searchQuery ?? '').trim().toLowerCase();
    if (!searchQuery) {
      return sendJson(res, 400, errorBody('searchQuery is required', 'InvalidParameterException', 400));
    }
    const categoryParam = req.query.category;
    const category = categoryParam ? SEARCH_CATEGORIES[categoryParam] : undefined;
    if (categoryParam && !category) {
      return sendJson(
        res,
        400,
        errorBody(`Invalid category: ${categoryParam}`, 'InvalidParameterException', 400),
      );
    }
    const words = searchQuery.split(/\s+/);
    const found = locations
      .filter((location) => !category || location.category === category)
      .filter((location) => {
        const haystack = `${location.name} ${location.address_obj.address_string}`.toLowerCase();
        return words.every((word) => haystack.includes(word));
      })
      .slice(0, 10)
      .map((location) => ({
        location_id: location.location_id,
        name: location.name,
        address_obj: location.address_obj,
      }));
    sendJson(res, 200, { data: found });
  };

  const handle = (req: FakeRequest, res: ServerResponse) => {
    if (!req.path.startsWith('/api/v1/')) return sendJson(res, 404, { message: 'Not Found' });
    requests++;
    if (mode === 'hang') return;
    if (req.query.key !== options.apiKey) return sendJson(res, 403, DENIED);
    if (mode === 'rate_limited') {
      return sendJson(res, 429, errorBody('Too many requests', 'RateLimitExceeded', 429), {
        'retry-after': '1',
      });
    }
    if (mode === 'error') {
      return sendJson(res, 500, errorBody('Internal server error', 'InternalServerError', 500));
    }
    if (req.method !== 'GET') return sendJson(res, 405, { message: 'Method Not Allowed' });
    if (req.path === '/api/v1/location/search') return search(req, res);
    const match = /^\/api\/v1\/location\/([^/]+)\/(details|reviews|photos)$/.exec(req.path);
    if (!match) return sendJson(res, 404, { message: 'Not Found' });
    const [, id, what] = match as unknown as [string, string, string];
    const location = byId.get(id);
    if (!location) {
      return sendJson(res, 404, errorBody(`Location ${id} not found`, 'NotFoundException', 404));
    }
    if (what === 'details') return sendJson(res, 200, detailsOf(location));
    if (what === 'reviews') return sendJson(res, 200, { data: page(reviewsOf(location), req.query) });
    sendJson(res, 200, { data: page(photosOf(location), req.query) });
  };

  const server = await startFakeServer(handle, {
    latencyMs: options.latencyMs,
    onReset: () => {
      mode = 'ok';
      requests = 0;
    },
  });
  return Object.assign(server, {
    setMode(next: TripadvisorMode) {
      mode = next;
    },
    requestCount: () => requests,
  });
}
