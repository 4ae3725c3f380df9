import { createServiceClient } from '@perplexica/http';
import type { SearchFilters } from '../pipeline/search-filters.ts';
import type { PageText, SearchResult, UnresponsiveEngine } from '../pipeline/sources.ts';

export interface SearchResponse {
  results: SearchResult[];
  pages: PageText[];
  unresponsiveEngines: UnresponsiveEngine[];
  /** search-svc's word to the user, e.g. that the local engine has no documents yet. */
  notice?: string;
  /** With filters: how many results search-svc removed for being outside them. */
  filteredOut?: number;
}

export interface SearchClient {
  search(input: {
    query: string;
    focus: string;
    language?: string;
    limit: number;
    /** Sonar's search controls: search-svc returns nothing outside them. */
    filters?: SearchFilters;
  }): Promise<SearchResponse>;
  research(input: {
    queries: string[];
    focus: string;
    language?: string;
    readPages: number;
    maxCharsPerPage: number;
    filters?: SearchFilters;
  }): Promise<SearchResponse>;
  fetchPages(urls: string[], maxCharsPerPage: number): Promise<PageText[]>;
}

/** search-svc's internal routes (docs/answer-engine.md). */
export function createSearchClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): SearchClient {
  // POSTs are never retried by the kit client; search-svc queues and retries SearXNG itself.
  const client = createServiceClient({
    service: 'search-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  const post = <T>(path: string, body: unknown) =>
    client.call<T>(path, { method: 'POST', body, authorization: '' });
  return {
    async search(input) {
      const reply = await post<{
        results: SearchResult[];
        unresponsiveEngines?: UnresponsiveEngine[];
        notice?: string;
        filteredOut?: number;
      }>('/internal/v1/search', input);
      return {
        results: reply.results ?? [],
        pages: [],
        unresponsiveEngines: reply.unresponsiveEngines ?? [],
        ...(reply.notice ? { notice: reply.notice } : {}),
        ...(reply.filteredOut !== undefined ? { filteredOut: reply.filteredOut } : {}),
      };
    },
    async research(input) {
      const reply = await post<{
        results: SearchResult[];
        pages?: PageText[];
        unresponsiveEngines?: UnresponsiveEngine[];
        notice?: string;
        filteredOut?: number;
      }>('/internal/v1/research', input);
      return {
        results: reply.results ?? [],
        pages: reply.pages ?? [],
        unresponsiveEngines: reply.unresponsiveEngines ?? [],
        ...(reply.notice ? { notice: reply.notice } : {}),
        ...(reply.filteredOut !== undefined ? { filteredOut: reply.filteredOut } : {}),
      };
    },
    async fetchPages(urls, maxCharsPerPage) {
      const reply = await post<{ pages?: PageText[] }>('/internal/v1/fetch', { urls, maxCharsPerPage });
      return reply.pages ?? [];
    },
  };
}
