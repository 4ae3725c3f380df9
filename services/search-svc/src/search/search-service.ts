import type { Kysely } from 'kysely';
import type { SearchDatabase } from '../db/schema.ts';
import { documentStats, searchLocalDocuments } from '../local/local-documents.ts';
import type { SearxngQuery } from '../searxng/searxng-client.ts';
import type { SearxngPool } from '../searxng/searxng-pool.ts';
import { focusSearxngParams } from './focus.ts';
import { mergeResults } from './merge-results.ts';
import type { SearchCache } from './search-cache.ts';
import {
  type Backend,
  EMPTY_LOCAL_INDEX_NOTICE,
  type Focus,
  type SearchRequest,
  type SearchResponse,
} from './types.ts';

export interface SearchService {
  search(request: SearchRequest): Promise<SearchResponse>;
  backendFor(focus: Focus): Backend;
}

/**
 * Picks the backend (SearXNG, or the local documents when no SearXNG is configured or the focus
 * is `local`), serves SearXNG answers from the cache when it can, and merges duplicates.
 */
export function createSearchService(deps: {
  pool: SearxngPool | null;
  cache: SearchCache;
  db: Kysely<SearchDatabase>;
}): SearchService {
  const backendFor = (focus: Focus): Backend => (deps.pool && focus !== 'local' ? 'searxng' : 'local');

  return {
    backendFor,
    async search(request) {
      if (!deps.pool || request.focus === 'local') {
        const results = await searchLocalDocuments(deps.db, request.query, request);
        // Nothing found in an empty index is worth saying: the first question after install.
        const empty = results.length === 0 && (await documentStats(deps.db)).documents === 0;
        return {
          results,
          unresponsiveEngines: [],
          backend: 'local',
          cached: false,
          ...(empty ? { notice: EMPTY_LOCAL_INDEX_NOTICE } : {}),
        };
      }
      const picked = focusSearxngParams[request.focus];
      const query: SearxngQuery = {
        query: request.query,
        categories: request.categories ?? picked.categories,
        engines: request.engines ?? picked.engines,
        language: request.language,
        timeRange: request.timeRange,
        safesearch: request.safesearch,
        pageno: request.pageno,
      };
      const hit = await deps.cache.get(query);
      if (hit) {
        return {
          results: hit.results.slice(0, request.limit),
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
      await deps.cache.set(query, merged);
      return {
        results: merged.results.slice(0, request.limit),
        unresponsiveEngines: merged.unresponsiveEngines,
        backend: 'searxng',
        cached: false,
      };
    },
  };
}
