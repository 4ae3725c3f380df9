import { type FakeSearxng, startFakeSearxng } from '@perplexica/fakes';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson,
  createTestClock,
  prepareServiceUnderTest,
  type TestClock,
} from '@perplexica/testing';
import {
  SERVICE_TOKEN,
  type SearchServiceUnderTest,
  startSearchService,
} from '../../search-svc/test/harness.ts';
import { createApp } from '../src/app.ts';
import { mediaConfigSchema } from '../src/config.ts';
import { mediaCorpus } from './media-corpus.ts';

/** The clock media-svc's cache ages entries by: tests move it forward instead of waiting. */
export type { TestClock };
export { SERVICE_TOKEN };

export interface MediaServiceUnderTest {
  url: string;
  logs: CapturedLogs;
  clock: TestClock;
  /** A valid access token for the user, signed with the key this instance trusts. */
  userToken(userId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real media-svc on a free port, against the machine's Redis (a fresh prefix), configured
 * through the same zod schema as in production. By default it trusts its own signing key and
 * talks to a search-svc that is not there; pass SEARCH_SERVICE_URL (and JWT_PUBLIC_KEY) to change that.
 */
export async function startMediaService(env: Record<string, string> = {}): Promise<MediaServiceUnderTest> {
  const prepared = await prepareServiceUnderTest({
    service: 'media-svc',
    configSchema: mediaConfigSchema,
    createLogger,
    createRedis,
    env: {
      // Nothing listens on port 9: API keys are refused unless a test starts auth-svc.
      AUTH_SERVICE_URL: 'http://127.0.0.1:9',
      SEARCH_SERVICE_URL: 'http://127.0.0.1:9',
      ...env,
    },
  });
  const clock = createTestClock();
  const served = await prepared.serve(createApp({ ...prepared.deps, now: clock.now }));
  return {
    url: served.url,
    logs: prepared.logs,
    clock,
    userToken: (userId = 'user-1') => prepared.token(userId),
    close: served.close,
  };
}

export interface MediaWorld {
  searxng: FakeSearxng;
  search: SearchServiceUnderTest;
  media: MediaServiceUnderTest;
  token: string;
  close(): Promise<void>;
}

/**
 * The fake SearXNG with the test corpus, a real search-svc in front of it, and media-svc calling
 * that search-svc. search-svc's own result cache is off for images and videos, so a broken
 * SearXNG shows through at once (media-svc's cache is the one under test), and its circuit
 * breaker never opens during a test file.
 */
export async function startMediaWorld(
  options: { mediaEnv?: Record<string, string>; searchEnv?: Record<string, string> } = {},
): Promise<MediaWorld> {
  const searxng = await startFakeSearxng({ corpus: mediaCorpus });
  const search = await startSearchService({
    SEARXNG_URL: searxng.url,
    SEARCH_CACHE_TTLS: 'images=0,videos=0',
    SEARXNG_BREAKER_FAILURES: '1000',
    ...options.searchEnv,
  });
  const media = await startMediaService({ SEARCH_SERVICE_URL: search.url, ...options.mediaEnv });
  return {
    searxng,
    search,
    media,
    token: await media.userToken(),
    async close() {
      await media.close();
      await search.close();
      await searxng.close();
    },
  };
}

/** GET a media route with a bearer token; `query` is the raw query string. */
export const getMedia = (base: string, kind: string, query: string, token?: string) =>
  callJson(`${base}/api/v1/media/${kind}?${query}`, token === undefined ? {} : { token });

/** The `safesearch` values SearXNG received, in order. */
export const safesearchSent = (searxng: FakeSearxng) =>
  searxng.calls.filter((call) => call.path === '/search').map((call) => call.query.safesearch);

export type { JsonResponse } from '@perplexica/testing';
export { callJson as call };

/** Re-runs `probe` until it returns a value (not undefined), a bounded number of times. */
export async function eventually<T>(probe: () => Promise<T | undefined>, attempts = 200): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`condition not met after ${attempts} attempts`);
}
