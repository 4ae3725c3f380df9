import type { Cached, Freshness, SwrCache } from '@perplexica/cache';
import { type ImageResult, imageResults } from './image-results.ts';
import type { SearchClient, SearchHit } from './search-client.ts';
import { type VideoResult, videoResults } from './video-results.ts';
import { limits, type MediaKind, type MediaQuery, safeSearchLevels } from './wire-schemas.ts';

/** One page of either route, as cached and served. */
export interface MediaPage<T> {
  query: string;
  safe: MediaQuery['safe'];
  page: number;
  /** The next page to ask for; null on the last page we serve or after an empty one. */
  nextPage: number | null;
  results: T[];
}

export interface MediaSearch {
  readonly freshness: Freshness;
  /** The page from the cache (fresh or stale) or, on a miss, from search-svc. */
  find(kind: MediaKind, query: MediaQuery): Promise<Cached>;
}

const normalisers: Record<MediaKind, (hits: readonly SearchHit[]) => ImageResult[] | VideoResult[]> = {
  images: imageResults,
  videos: videoResults,
};

/** One entry per (kind, safe-search level, page, query); the query last, as it may hold ':'. */
export function mediaCacheKey(kind: MediaKind, { q, safe, page }: MediaQuery): string {
  return `${kind}:${safe}:${page}:${q}`;
}

export function createMediaSearch(deps: {
  cache: SwrCache;
  client: SearchClient;
  freshness: Freshness;
}): MediaSearch {
  return {
    freshness: deps.freshness,
    find(kind, query) {
      return deps.cache.get(mediaCacheKey(kind, query), deps.freshness, async () => {
        const hits = await deps.client.search({
          kind,
          query: query.q,
          safesearch: safeSearchLevels[query.safe],
          page: query.page,
        });
        const page: MediaPage<ImageResult | VideoResult> = {
          query: query.q,
          safe: query.safe,
          page: query.page,
          nextPage: hits.length > 0 && query.page < limits.pages ? query.page + 1 : null,
          results: normalisers[kind](hits),
        };
        return page;
      });
    },
  };
}
