import { createServiceClient } from '@perplexica/http';

/** A search-svc result (docs/answer-engine.md); only what Discover reads. */
export interface NewsResult {
  title: string;
  url: string;
  snippet: string;
  publishedDate: string | null;
  thumbnail: string | null;
}

/** A document as search-svc fetched it through its SSRF guard. */
export interface RawDocument {
  url: string;
  status: number;
  contentType: string;
  body: string;
}

/**
 * search-svc has no SearXNG (it would answer from the local documents, which are not news):
 * Discover then has only its RSS feeds, and says so instead of showing an empty page.
 */
export class NewsSearchUnavailable extends Error {
  constructor() {
    super('news search needs SearXNG: search-svc has no SEARXNG_URL');
  }
}

/** What Discover asks of search-svc; failures are UpstreamErrors (search-svc's own error in `body`). */
export interface SearchClient {
  searchNews(query: string, timeRange: 'day' | 'week', limit: number): Promise<NewsResult[]>;
  fetchRaw(url: string, maxBytes: number): Promise<RawDocument>;
}

/**
 * search-svc's internal routes (x-service-token). News comes from SearXNG's `news` category through
 * search-svc (its instance pool, queue and cache); feeds are fetched by search-svc too, so its SSRF
 * guard, redirect checks and size limits apply to every URL an operator configures. The caller's
 * Authorization is never forwarded: these calls act for the service, not a user.
 */
export function createSearchClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): SearchClient {
  const client = createServiceClient({
    service: 'search-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async searchNews(query, timeRange, limit) {
      const answer = await client.call<{ results: NewsResult[]; backend?: string }>('/internal/v1/search', {
        method: 'POST',
        body: { query, focus: 'web', categories: ['news'], timeRange, limit },
        authorization: '',
      });
      if (answer.backend === 'local') throw new NewsSearchUnavailable();
      return answer.results;
    },
    fetchRaw(url, maxBytes) {
      return client.call<RawDocument>('/internal/v1/fetch-raw', {
        method: 'POST',
        body: { url, maxBytes },
        authorization: '',
      });
    },
  };
}
