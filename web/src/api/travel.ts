import { api } from './client.ts';

/** travel-svc's shapes (services/travel-svc/src: itinerary/itinerary-types.ts, tripadvisor/, amadeus/). */

export type Pace = 'relaxed' | 'moderate' | 'packed';
export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

export interface ItineraryRequest {
  destination: string;
  startDate: string;
  endDate: string;
  interests?: string[];
  pace?: Pace;
}

export interface Itinerary {
  destination: string;
  startDate: string;
  endDate: string;
  pace: Pace;
  interests: string[];
  days: Array<{
    date: string;
    items: Array<{ time: TimeOfDay; title: string; description: string; place: string | null }>;
  }>;
  /** What the plan cites as [n]. */
  sources: Array<{ n: number; title: string; url: string }>;
  model: string | null;
  mode: 'model' | 'extractive';
  notice?: string;
  generatedAt: string;
}

export const themes = ['city', 'beach', 'nature', 'food', 'culture', 'adventure'] as const;
export type Theme = (typeof themes)[number];

export interface Inspiration {
  season: 'spring' | 'summer' | 'autumn' | 'winter';
  theme: Theme;
  cards: Array<{
    destination: string;
    country: string;
    blurb: string;
    source: { title: string; url: string };
    imageUrl: string | null;
    imageSource: string | null;
  }>;
  generatedAt: string;
}

export const placeCategories = ['attractions', 'restaurants', 'hotels', 'geos'] as const;
export type PlaceCategory = (typeof placeCategories)[number];

export interface PlaceSummary {
  id: string;
  name: string;
  address: string | null;
  city: string | null;
  country: string | null;
}

export interface PlaceDetails extends PlaceSummary {
  description: string | null;
  category: string | null;
  rating: number | null;
  reviewCount: number | null;
  ranking: string | null;
  priceLevel: string | null;
  cuisine: string[];
  hours: string[];
  phone: string | null;
  website: string | null;
  /** The listing on Tripadvisor: its terms ask that what we show links back to it. */
  tripadvisorUrl: string | null;
}

export interface PlaceReview {
  id: string;
  title: string | null;
  text: string | null;
  rating: number | null;
  publishedDate: string | null;
  tripType: string | null;
  url: string | null;
  author: { username: string | null; location: string | null };
}

export interface PlacePhoto {
  id: string;
  caption: string | null;
  url: string;
  thumbnailUrl: string;
  width: number | null;
  height: number | null;
}

export interface HotelRequest {
  destination: string;
  checkIn: string;
  checkOut: string;
  adults: number;
}

export interface Hotels {
  destination: string;
  cityCode: string;
  cityName: string | null;
  checkIn: string;
  checkOut: string;
  nights: number;
  adults: number;
  hotels: Array<{
    hotelId: string;
    name: string;
    price: { amount: number; currency: string | null };
    rating: number | null;
    address: string | null;
    bookingUrl: string;
  }>;
  bookingSite: string;
}

export const travel = {
  plan: (request: ItineraryRequest) => api<Itinerary>('/api/v1/travel/itineraries', { body: request }),
  inspiration: (theme: Theme) => api<Inspiration>(`/api/v1/travel/inspiration?theme=${theme}`),
  searchPlaces: (query: string, category?: PlaceCategory) =>
    api<{ locations: PlaceSummary[] }>(
      `/api/v1/travel/locations?${new URLSearchParams({ query, ...(category ? { category } : {}) })}`,
    ),
  place: (id: string) =>
    api<{ location: PlaceDetails }>(`/api/v1/travel/locations/${encodeURIComponent(id)}`),
  reviews: (id: string) =>
    api<{ reviews: PlaceReview[] }>(`/api/v1/travel/locations/${encodeURIComponent(id)}/reviews`),
  photos: (id: string) =>
    api<{ photos: PlacePhoto[] }>(`/api/v1/travel/locations/${encodeURIComponent(id)}/photos`),
  hotels: (request: HotelRequest) =>
    api<Hotels>(
      `/api/v1/travel/hotels?${new URLSearchParams({ ...request, adults: String(request.adults) })}`,
    ),
};
