import { ApiError } from '@perplexica/errors';
import { createServiceClient, UpstreamError } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import { z } from 'zod';
import type { MediaKind } from './wire-schemas.ts';

/** One result of search-svc's internal search, as far as media-svc reads it. */
const searchHit = z.object({
  title: z.string(),
  url: z.string(),
  publishedDate: z.string().nullish(),
  thumbnail: z.string().nullish(),
  media: z
    .object({
      imageUrl: z.string().optional(),
      resolution: z.string().optional(),
      format: z.string().optional(),
      embedUrl: z.string().optional(),
      duration: z.string().optional(),
      author: z.string().optional(),
    })
    .optional(),
});
export type SearchHit = z.infer<typeof searchHit>;

const searchAnswer = z.object({
  // Items are checked one by one below: one odd result is dropped, not the whole page.
  results: z.array(z.unknown()),
  unresponsiveEngines: z.array(z.object({ engine: z.string(), reason: z.string() })).default([]),
  backend: z.string(),
});

export interface MediaSearchRequest {
  kind: MediaKind;
  query: string;
  safesearch: 0 | 1 | 2;
  page: number;
}

export interface SearchClient {
  /** The page's hits; throws ApiError 502/503/504 when there is no usable answer. */
  search(request: MediaSearchRequest): Promise<SearchHit[]>;
}

/** search-svc answers at most this many per call; a SearXNG image page is often larger than 10. */
const HITS_PER_PAGE = 50;

/**
 * Image and video search through search-svc's `POST /internal/v1/search` (SearXNG categories
 * `images` / `videos`). What can go wrong becomes the status docs/pages.md names: a timeout is
 * 504, anything else (search-svc down or failing, SearXNG down, every engine silent, a malformed
 * answer) is 502, and a search-svc without SearXNG is 503 not_configured.
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
    async search({ kind, query, safesearch, page }) {
      let raw: unknown;
      try {
        raw = await client.call('/internal/v1/search', {
          method: 'POST',
          body: { query, focus: 'web', categories: [kind], safesearch, pageno: page, limit: HITS_PER_PAGE },
          // Results are shared by every caller through the cache: the user's credentials (a JWT
          // or an API key) have no business travelling further than this service.
          authorization: '',
        });
      } catch (error) {
        if (error instanceof UpstreamError) throw failure(kind, error, options.logger);
        throw error;
      }
      const answer = searchAnswer.safeParse(raw);
      if (!answer.success) {
        throw new ApiError(
          'bad_gateway',
          `${searchName(kind)} failed: search-svc answered an unexpected shape`,
        );
      }
      if (answer.data.backend !== 'searxng') {
        throw new ApiError(
          'not_configured',
          `${searchName(kind)} needs SearXNG: set SEARXNG_URL on search-svc (it is searching local documents only)`,
        );
      }
      const hits = answer.data.results.flatMap((item) => {
        const hit = searchHit.safeParse(item);
        return hit.success ? [hit.data] : [];
      });
      // SearXNG answers 200 with no results when every engine failed (blocked, rate-limited):
      // that is an outage, not an empty answer worth caching for ten minutes.
      if (hits.length === 0 && answer.data.unresponsiveEngines.length > 0) {
        const engines = answer.data.unresponsiveEngines.map((entry) => entry.engine).join(', ');
        throw new ApiError('bad_gateway', `${searchName(kind)} failed: no engine answered (${engines})`);
      }
      return hits;
    },
  };
}

/** How messages name what failed. */
function searchName(kind: MediaKind): string {
  return kind === 'images' ? 'Image search' : 'Video search';
}

function failure(kind: MediaKind, error: UpstreamError, logger: Logger): ApiError {
  const subject = searchName(kind);
  const details = { upstream: 'search-svc', status: error.status, code: error.upstreamCode };
  logger.warn({ upstream: details, kind: error.kind }, error.message);
  if (error.kind === 'timeout' || error.status === 504) {
    return new ApiError('gateway_timeout', `${subject} timed out: search-svc did not answer in time`, {
      details,
    });
  }
  const reason =
    error.kind === 'network'
      ? 'search-svc is unreachable'
      : `search-svc answered ${error.status}${error.upstreamCode ? ` (${error.upstreamCode})` : ''}`;
  return new ApiError('bad_gateway', `${subject} failed: ${reason}`, { details });
}
