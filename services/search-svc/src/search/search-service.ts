import type { Kysely } from 'kysely';
import type { SearchDatabase } from '../db/schema.ts';
import { documentStats, searchLocalDocuments } from '../local/local-documents.ts';
import type { SearxngQuery } from '../searxng/searxng-client.ts';
import type { SearxngPool } from '../searxng/searxng-pool.ts';
import { focusSearxngParams } from './focus.ts';
import { mergeResults } from './merge-results.ts';
import type { SearchCache } from './search-cache.ts';
import { applySearchFilters, hasFilters, searxngTimeRange, withSiteTerms } from './search-filters.ts';
import {
  type Backend,
  EMPTY_LOCAL_INDEX_NOTICE,
  type Focus,
  type SearchRequest,
  type SearchResponse,
  type SearchResult,
} from './types.ts';

export interface SearchService {
  search(request: SearchRequest): Promise<SearchResponse>;
  backendFor(focus: Focus): Backend;
}

/**
 * Picks the backend (SearXNG, or the local documents when no SearXNG is configured or the focus
 * is `local`), serves SearXNG answers from the cache when it can, and merges duplicates.
 */
// Filters drop results after the engines answer, so a filtered local search reads further down.
const LOCAL_FILTERED_CANDIDATES = 50;

export function createSearchService(deps: {
  pool: SearxngPool | null;
  cache: SearchCache;
  db: Kysely<SearchDatabase>;
  /** The clock recency filters count back from (tests may pin it). */
  now?: () => number;
}): SearchService {
  const now = deps.now ?? Date.now;
  const backendFor = (focus: Focus): Backend => (deps.pool && focus !== 'local' ? 'searxng' : 'local');

  return {
    backendFor,
    async search(request) {
      const { filters } = request;
      const filtered = hasFilters(filters);
      // Every answer, local or SearXNG, cached or fresh, goes through the post-filter here.
      const postFilter = (results: SearchResult[]) => {
        const kept = applySearchFilters(results, filters, now());
        return {
          results: kept.results.slice(0, request.limit),
          ...(filtered ? { filteredOut: kept.filteredOut } : {}),
        };
      };
      if (!deps.pool || request.focus === 'local') {
        const results = await searchLocalDocuments(deps.db, request.query, {
          pageno: request.pageno,
          limit: filtered ? Math.max(request.limit, LOCAL_FILTERED_CANDIDATES) : request.limit,
        });
        // Nothing found in an empty index is worth saying: the first question after install.
        const empty = results.length === 0 && (await documentStats(deps.db)).documents === 0;
        return {
          ...postFilter(results),
          unresponsiveEngines: [],
          backend: 'local',
          cached: false,
          ...(empty ? { notice: EMPTY_LOCAL_INDEX_NOTICE } : {}),
        };
      }
      const picked = focusSearxngParams[request.focus];
      const query: SearxngQuery = {
        query: withSiteTerms(request.query, filters),
        categories: request.categories ?? picked.categories,
        engines: request.engines ?? picked.engines,
        language: request.language,
        timeRange: request.timeRange ?? (filtered ? searxngTimeRange(filters, now()) : undefined),
        safesearch: request.safesearch,
        pageno: request.pageno,
      };
      const hit = await deps.cache.get(query, filters);
      if (hit) {
        return {
          ...postFilter(hit.results),
          unresponsiveEngines: hit.unresponsiveEngines,
          backend: 'searxng',
          cached: true,
        };
      }
      const answer = await deps.pool.search(query);
      const merged = {
        results: mergeResults(answer.results),
        unresponsiveEngines: answer.unresponsiveEngines,
      };
      await deps.cache.set(query, merged, filters);
      return {
        ...postFilter(merged.results),
        unresponsiveEngines: merged.unresponsiveEngines,
        backend: 'searxng',
        cached: false,
      };
    },
  };
}
