import type { SearchClient, SearchResponse } from '../clients/search-client.ts';
import { assessCredibility } from '../pipeline/credibility.ts';
import type { ReputationBook } from './reputation-book.ts';

/**
 * The search client with every web result scored for credibility as it arrives, so every caller
 * (answers, Tasks, the completions API, the research agent, MCP) gets the same scores with the
 * admins' overrides, and no caller can forget them.
 */
export function credibleSearch(
  search: SearchClient,
  reputation: ReputationBook,
  now: () => number = Date.now,
): SearchClient {
  const score = async (reply: SearchResponse): Promise<SearchResponse> => {
    const list = await reputation.current();
    const at = now();
    return {
      ...reply,
      results: reply.results.map((result) => ({
        ...result,
        credibility: assessCredibility(result, list, at),
      })),
    };
  };
  return {
    search: async (input) => score(await search.search(input)),
    research: async (input) => score(await search.research(input)),
    fetchPages: (urls, maxCharsPerPage) => search.fetchPages(urls, maxCharsPerPage),
  };
}
