import type { Pace } from '../wire-schemas.ts';

export const timesOfDay = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof timesOfDay)[number];

/** What a search result is about: which query found it first. */
export type SourceTopic = 'sights' | 'food' | 'neighbourhoods' | 'interest';

/** A search result the plan may cite as [n]. */
export interface CandidateSource {
  n: number;
  title: string;
  url: string;
  snippet: string;
  topic: SourceTopic;
}

export interface ItineraryItem {
  time: TimeOfDay;
  title: string;
  /** Cites its sources as [n]; every n is in the itinerary's `sources`. */
  description: string;
  place: string | null;
}

export interface ItineraryDay {
  date: string;
  items: ItineraryItem[];
}

export interface Itinerary {
  destination: string;
  startDate: string;
  endDate: string;
  pace: Pace;
  interests: string[];
  days: ItineraryDay[];
  /** Exactly the sources the plan cites, by their citation number. */
  sources: { n: number; title: string; url: string }[];
  /** The model that wrote it, or null for an extractive plan. */
  model: string | null;
  mode: 'model' | 'extractive';
  /** Something the reader should know about how the plan was made. */
  notice?: string;
  generatedAt: string;
}
