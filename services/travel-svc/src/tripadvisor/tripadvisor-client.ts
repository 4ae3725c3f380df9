import { ApiError, notFound } from '@perplexica/errors';
import type { Logger } from '@perplexica/observability';
import type { z } from 'zod';
import { type ProviderReply, providerFailure, providerRequest } from '../provider-http.ts';
import type { LocationCategory } from '../wire-schemas.ts';
import { locationListView, locationView, photoListView, reviewListView } from './tripadvisor-views.ts';
import { detailsAnswer, photosAnswer, reviewsAnswer, searchAnswer } from './tripadvisor-wire.ts';

export type LocationSummary = ReturnType<typeof locationListView>[number];
export type LocationDetails = ReturnType<typeof locationView>;
export type LocationReview = ReturnType<typeof reviewListView>[number];
export type LocationPhoto = ReturnType<typeof photoListView>[number];

/** Tripadvisor's Content API, answers already normalised (see tripadvisor-views.ts). */
export interface TripadvisorClient {
  search(query: string, category: LocationCategory | undefined, language: string): Promise<LocationSummary[]>;
  details(id: string, language: string): Promise<LocationDetails>;
  reviews(id: string, language: string): Promise<LocationReview[]>;
  photos(id: string, language: string): Promise<LocationPhoto[]>;
}

export interface TripadvisorClientConfig {
  apiKey: string;
  baseUrl: string;
  referer: string;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
}

const PROVIDER = 'Tripadvisor';

/**
 * Calls `GET {base}/location/search`, `/location/{id}/details`, `/reviews` and `/photos` with the
 * key as the `key` query parameter, as the API wants it. An unknown id is 404; a refused key is a
 * 502 that says which variable to check (the caller did nothing wrong); 429 and 5xx are 502.
 */
export function createTripadvisorClient(config: TripadvisorClientConfig): TripadvisorClient {
  const base = config.baseUrl.replace(/\/$/, '');

  async function get<S extends z.ZodType>(
    path: string,
    params: Record<string, string | undefined>,
    schema: S,
    onMissing?: () => ApiError,
  ): Promise<z.infer<S>> {
    const url = new URL(`${base}${path}`);
    url.searchParams.set('key', config.apiKey);
    for (const [name, value] of Object.entries(params)) if (value) url.searchParams.set(name, value);
    const reply = await providerRequest({
      provider: PROVIDER,
      url,
      headers: config.referer ? { referer: config.referer } : {},
      timeoutMs: config.timeoutMs,
      fetch: config.fetch,
      logger: config.logger,
    });
    const fail = (what?: string) => providerFailure(config.logger, PROVIDER, url.pathname, reply, what);
    if (reply.status === 401 || reply.status === 403) throw refusedKey(reply, config.logger, url.pathname);
    // The API answers an id it does not know with 404 (some versions with 400): we validated every
    // other parameter ourselves, so either means the location does not exist.
    if (onMissing && (reply.status === 404 || reply.status === 400)) throw onMissing();
    if (reply.status !== 200) throw fail();
    const parsed = schema.safeParse(reply.body);
    if (!parsed.success) throw fail('answered a shape we do not know');
    return parsed.data;
  }

  const missing = () => notFound('Location');

  return {
    async search(query, category, language) {
      const answer = await get('/location/search', { searchQuery: query, category, language }, searchAnswer);
      return locationListView(answer);
    },
    async details(id, language) {
      return locationView(await get(`/location/${id}/details`, { language }, detailsAnswer, missing));
    },
    async reviews(id, language) {
      return reviewListView(
        await get(`/location/${id}/reviews`, { language, limit: '5' }, reviewsAnswer, missing),
      );
    },
    async photos(id, language) {
      return photoListView(
        await get(`/location/${id}/photos`, { language, limit: '5' }, photosAnswer, missing),
      );
    },
  };
}

function refusedKey(reply: ProviderReply, logger: Logger, path: string): ApiError {
  logger.error({ provider: PROVIDER, path, status: reply.status }, 'Tripadvisor refused our API key');
  return new ApiError(
    'bad_gateway',
    'Tripadvisor refused our API key: check TRIPADVISOR_API_KEY (and the key’s IP or domain restriction, TRIPADVISOR_REFERER)',
  );
}

/** Without TRIPADVISOR_API_KEY every call is 503 not_configured, naming the variable. */
export const unconfiguredTripadvisor: TripadvisorClient = {
  search: notConfigured,
  details: notConfigured,
  reviews: notConfigured,
  photos: notConfigured,
};

async function notConfigured(): Promise<never> {
  throw new ApiError(
    'not_configured',
    'Places from Tripadvisor are not configured: set TRIPADVISOR_API_KEY (a Tripadvisor Content API key)',
  );
}
