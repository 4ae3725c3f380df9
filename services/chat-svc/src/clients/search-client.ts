import { createServiceClient } from '@perplexica/http';
import type { PageText, SearchResult, UnresponsiveEngine } from '../pipeline/sources.ts';

export interface SearchResponse {
  results: SearchResult[];
  pages: PageText[];
  unresponsiveEngines: UnresponsiveEngine[];
  /** search-svc's word to the user, e.g. that the local engine has no documents yet. */
  notice?: string;
}

export interface SearchClient {
  search(input: { query: string; focus: string; language?: string; limit: number }): Promise<SearchResponse>;
  research(input: {
    queries: string[];
    focus: string;
    language?: string;
    readPages: number;
    maxCharsPerPage: number;
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
      }>('/internal/v1/search', input);
      return {
        results: reply.results ?? [],
        pages: [],
        unresponsiveEngines: reply.unresponsiveEngines ?? [],
        ...(reply.notice ? { notice: reply.notice } : {}),
      };
    },
    async research(input) {
      const reply = await post<{
        results: SearchResult[];
        pages?: PageText[];
        unresponsiveEngines?: UnresponsiveEngine[];
        notice?: string;
      }>('/internal/v1/research', input);
      return {
        results: reply.results ?? [],
        pages: reply.pages ?? [],
        unresponsiveEngines: reply.unresponsiveEngines ?? [],
        ...(reply.notice ? { notice: reply.notice } : {}),
      };
    },
    async fetchPages(urls, maxCharsPerPage) {
      const reply = await post<{ pages?: PageText[] }>('/internal/v1/fetch', { urls, maxCharsPerPage });
      return reply.pages ?? [];
    },
  };
}
