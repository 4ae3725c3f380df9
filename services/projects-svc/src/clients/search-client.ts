import { createServiceClient, UpstreamError } from '@perplexica/http';

export interface ReadPage {
  url: string;
  title: string;
  text: string;
  truncated: boolean;
}

export interface FetchFailure {
  url: string;
  reason: string;
}

export interface RawDocument {
  /** Where the body came from, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: string;
}

export type RawOutcome = { document: RawDocument } | { failure: FetchFailure };

export interface SearchClient {
  /** The readable text of web pages (at most 10 per call); each page fails on its own. */
  readPages(urls: string[], maxChars: number): Promise<{ pages: ReadPage[]; failures: FetchFailure[] }>;
  /** A text document (HTML, XML, feed, plain text) as served, or why the source refused. */
  fetchRaw(url: string, maxBytes: number): Promise<RawOutcome>;
}

/** search-svc reads at most this many pages per /fetch call. */
export const READ_BATCH = 10;

/**
 * search-svc's fetch routes (x-service-token). Every fetch of a connector's source goes through
 * them, so search-svc's SSRF guard, redirect checks, time and size limits apply to connectors
 * too. Failures of search-svc itself stay UpstreamErrors (the sync retries later); a source that
 * refused comes back as a failure with search-svc's reason.
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
    readPages(urls, maxChars) {
      return client.call('/internal/v1/fetch', {
        method: 'POST',
        body: { urls, maxCharsPerPage: maxChars },
        authorization: '',
      });
    },
    async fetchRaw(url, maxBytes) {
      try {
        const document = await client.call<RawDocument>('/internal/v1/fetch-raw', {
          method: 'POST',
          body: { url, maxBytes },
          authorization: '',
        });
        return { document };
      } catch (error) {
        const reason = (error as UpstreamError).body as { error?: { details?: { reason?: unknown } } } | null;
        const given = reason?.error?.details?.reason;
        if (error instanceof UpstreamError && typeof given === 'string') {
          return { failure: { url, reason: given } };
        }
        throw error;
      }
    },
  };
}
