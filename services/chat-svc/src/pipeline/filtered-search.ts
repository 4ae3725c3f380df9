import type { SearchClient, SearchResponse } from '../clients/search-client.ts';
import { passesSearchFilters, type SearchFilters } from './search-filters.ts';

/** Said (as search-svc's notice is) when the filters left no web result. */
export const NO_FILTER_MATCH_NOTICE =
  'No web results matched the search filters (domains, dates or search mode); widen them to find sources.';

/**
 * The search client with one answer's filters on every call, so no step can forget them (quality
 * mode's research agent searches through it too), and each answer filtered once more here.
 */
export function filteredSearch(
  search: SearchClient,
  filters: SearchFilters,
  now: () => number = Date.now,
): SearchClient {
  const keep = (reply: SearchResponse): SearchResponse => {
    const results = reply.results.filter((result) => passesSearchFilters(result, filters, now()));
    const kept = new Set(results.map((result) => result.url));
    return {
      ...reply,
      results,
      pages: reply.pages.filter((page) => kept.has(page.url)),
      filteredOut: (reply.filteredOut ?? 0) + reply.results.length - results.length,
      ...(results.length === 0 && !reply.notice ? { notice: NO_FILTER_MATCH_NOTICE } : {}),
    };
  };
  return {
    search: async (input) => keep(await search.search({ ...input, filters })),
    research: async (input) => keep(await search.research({ ...input, filters })),
    // Pages read by URL only join the sources through a result with that URL, which passed above.
    fetchPages: (urls, maxCharsPerPage) => search.fetchPages(urls, maxCharsPerPage),
  };
}
