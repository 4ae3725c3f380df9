import { ApiError } from '@perplexica/errors';
import { createServiceClient, UpstreamError } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import { z } from 'zod';

/** One result of search-svc's internal search, as far as travel-svc reads it. */
const searchHit = z.object({
  title: z.string(),
  url: z.string(),
  snippet: z.string().default(''),
  thumbnail: z.string().nullish(),
  media: z.object({ imageUrl: z.string().optional() }).optional(),
});
export type SearchHit = z.infer<typeof searchHit>;

const searchAnswer = z.object({
  // Items are checked one by one below: one odd result is dropped, not the whole answer.
  results: z.array(z.unknown()),
  unresponsiveEngines: z.array(z.object({ engine: z.string(), reason: z.string() })).default([]),
  notice: z.string().optional(),
});

export interface SearchRequest {
  query: string;
  /** SearXNG categories; web results when absent, ['images'] for pictures. */
  categories?: string[];
  limit?: number;
}

export interface SearchClient {
  /** The hits; throws ApiError 502/503/504 when there is no usable answer. */
  search(request: SearchRequest): Promise<SearchHit[]>;
}

/**
 * Web and image search through search-svc's `POST /internal/v1/search`. A timeout is 504, any
 * other failure (search-svc down or failing, every engine silent, a malformed answer) is 502, and
 * a search-svc with nothing to search (no SearXNG, no documents) is 503 not_configured.
 */
export function createSearchClient(options: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
  logger: Logger;
}): SearchClient {
  const client = createServiceClient({
    service: 'search-svc',
    baseUrl: options.baseUrl,
    serviceToken: options.serviceToken,
    timeoutMs: options.timeoutMs,
  });

  return {
    async search({ query, categories, limit = 10 }) {
      let raw: unknown;
      try {
        raw = await client.call('/internal/v1/search', {
          method: 'POST',
          body: { query, focus: 'web', ...(categories ? { categories } : {}), limit },
          // Answers are shared by every caller through the cache: the user's credentials (a JWT
          // or an API key) have no business travelling further than this service.
          authorization: '',
        });
      } catch (error) {
        if (error instanceof UpstreamError) throw failure(error, options.logger);
        throw error;
      }
      const answer = searchAnswer.safeParse(raw);
      if (!answer.success)
        throw new ApiError('bad_gateway', 'Search failed: search-svc answered an unexpected shape');
      const hits = answer.data.results.flatMap((item) => {
        const hit = searchHit.safeParse(item);
        return hit.success ? [hit.data] : [];
      });
      if (hits.length === 0 && answer.data.notice) {
        throw new ApiError('not_configured', `Search has nothing to look in: ${answer.data.notice}`);
      }
      // SearXNG answers 200 with no results when every engine failed (blocked, rate-limited):
      // that is an outage, not an empty answer worth caching.
      if (hits.length === 0 && answer.data.unresponsiveEngines.length > 0) {
        const engines = answer.data.unresponsiveEngines.map((entry) => entry.engine).join(', ');
        throw new ApiError('bad_gateway', `Search failed: no engine answered (${engines})`);
      }
      return hits;
    },
  };
}

function failure(error: UpstreamError, logger: Logger): ApiError {
  const details = { upstream: 'search-svc', status: error.status, code: error.upstreamCode };
  logger.warn({ upstream: details, kind: error.kind }, error.message);
  if (error.kind === 'timeout' || error.status === 504) {
    return new ApiError('gateway_timeout', 'Search timed out: search-svc did not answer in time', {
      details,
    });
  }
  const reason =
    error.kind === 'network'
      ? 'search-svc is unreachable'
      : `search-svc answered ${error.status}${error.upstreamCode ? ` (${error.upstreamCode})` : ''}`;
  return new ApiError('bad_gateway', `Search failed: ${reason}`, { details });
}
