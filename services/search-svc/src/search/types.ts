/** One search hit, whatever backend found it (the shape of docs/answer-engine.md). */
export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
  engines: string[];
  /** ISO 8601, or null when the engine gave no (parsable) date. */
  publishedDate: string | null;
  thumbnail: string | null;
  /** Image and video results (categories images/videos) carry what SearXNG gives of these. */
  media?: MediaDetails;
}

export interface MediaDetails {
  /** The full-size image (image results). */
  imageUrl?: string;
  /** "1920 x 1080" as the engine wrote it. */
  resolution?: string;
  format?: string;
  /** An embeddable player URL (video results). */
  embedUrl?: string;
  /** "4:32" as the engine wrote it. */
  duration?: string;
  author?: string;
}

export interface UnresponsiveEngine {
  engine: string;
  reason: string;
}

export type Backend = 'searxng' | 'local';

export const focuses = ['web', 'academic', 'video', 'social', 'patents', 'local'] as const;
export type Focus = (typeof focuses)[number];

export const timeRanges = ['day', 'week', 'month', 'year'] as const;
export type TimeRange = (typeof timeRanges)[number];

/** Perplexity Sonar's `search_recency_filter` values: the past hour, 24 hours, 7, 30 or 365 days. */
export const recencies = ['hour', 'day', 'week', 'month', 'year'] as const;
export type Recency = (typeof recencies)[number];

/**
 * What results must satisfy to be returned at all (src/search/search-filters.ts). Every field is
 * optional; given together they all apply. Dates are calendar days in UTC, both ends inclusive.
 */
export interface SearchFilters {
  /** Only pages on these hosts or their subdomains. */
  allowDomains?: string[] | undefined;
  /** No page on these hosts or their subdomains. */
  denyDomains?: string[] | undefined;
  /** Published within this long before now. */
  recency?: Recency | undefined;
  /** YYYY-MM-DD: published on or after this day. */
  publishedAfter?: string | undefined;
  /** YYYY-MM-DD: published on or before this day. */
  publishedBefore?: string | undefined;
}

/** What a caller asks for, after validation. */
export interface SearchRequest {
  query: string;
  focus: Focus;
  categories?: string[] | undefined;
  engines?: string[] | undefined;
  language?: string | undefined;
  timeRange?: TimeRange | undefined;
  safesearch?: 0 | 1 | 2 | undefined;
  pageno: number;
  limit: number;
  /** Results outside these never leave the service (see search-filters.ts). */
  filters?: SearchFilters | undefined;
}

export interface SearchResponse {
  results: SearchResult[];
  unresponsiveEngines: UnresponsiveEngine[];
  backend: Backend;
  cached: boolean;
  /** Something the person asking should know, e.g. that the local engine has no documents yet. */
  notice?: string;
  /** With filters: how many results the engines gave that the filters removed. */
  filteredOut?: number;
}

/** Said when the local engine is asked but nothing has been ingested. */
export const EMPTY_LOCAL_INDEX_NOTICE =
  'No documents are indexed yet, so there is nothing to search: add some with `pnpm ingest <folder>`, or set SEARXNG_URL to search the web.';
