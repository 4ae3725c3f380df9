import {
  type FakeAmadeus,
  type FakeOpenAI,
  type FakeSearxng,
  type FakeTripadvisor,
  type ResponderRequest,
  startFakeAmadeus,
  startFakeOpenAI,
  startFakeSearxng,
  startFakeTripadvisor,
} from '@perplexica/fakes';
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
import { travelConfigSchema } from '../src/config.ts';
import { travelCorpus } from './travel-corpus.ts';

export { SERVICE_TOKEN };
export const TRIPADVISOR_KEY = 'ta-secret-key-0123456789ABCDEF';
export const AMADEUS_CLIENT = {
  clientId: 'amadeus-id-0123456789',
  clientSecret: 'amadeus-secret-9876543210',
};
export const OPENAI_KEY = 'sk-test-openai-key-0123456789';

/** The clock travel-svc's cache ages entries by (and checks dates against): tests move it. */
export type { TestClock };

/** Third parties (doubles speaking their wire formats) and our own search-svc in front of SearXNG. */
export interface World {
  searxng: FakeSearxng;
  search: SearchServiceUnderTest;
  tripadvisor: FakeTripadvisor;
  amadeus: FakeAmadeus;
  openai: FakeOpenAI;
  /** The environment that points travel-svc at all of the above. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * search-svc's own result cache is off, so a broken SearXNG shows through at once (travel-svc's
 * cache is the one under test), and its circuit breaker never opens during a test file.
 */
export async function startWorld(): Promise<World> {
  const searxng = await startFakeSearxng({ corpus: travelCorpus });
  const search = await startSearchService({
    SEARXNG_URL: searxng.url,
    SEARCH_CACHE_TTLS: 'general=0,images=0',
    SEARXNG_BREAKER_FAILURES: '100000',
    SEARXNG_CONCURRENCY: '32',
    SEARXNG_QUEUE: '512',
  });
  const tripadvisor = await startFakeTripadvisor({ apiKey: TRIPADVISOR_KEY });
  const amadeus = await startFakeAmadeus(AMADEUS_CLIENT);
  const openai = await startFakeOpenAI({ respond: planningResponder });
  return {
    searxng,
    search,
    tripadvisor,
    amadeus,
    openai,
    env: {
      SEARCH_SERVICE_URL: search.url,
      TRIPADVISOR_API_KEY: TRIPADVISOR_KEY,
      TRIPADVISOR_BASE_URL: `${tripadvisor.url}/api/v1`,
      AMADEUS_CLIENT_ID: AMADEUS_CLIENT.clientId,
      AMADEUS_CLIENT_SECRET: AMADEUS_CLIENT.clientSecret,
      AMADEUS_BASE_URL: amadeus.url,
    },
    async close() {
      await search.close();
      await Promise.all([searxng.close(), tripadvisor.close(), amadeus.close(), openai.close()]);
    },
  };
}

/** What makes travel-svc write itineraries with the fake OpenAI. */
export const withModel = (world: World) => ({
  LLM_PROVIDER: 'openai',
  OPENAI_BASE_URL: `${world.openai.url}/v1`,
  OPENAI_API_KEY: OPENAI_KEY,
  MODEL_MAX_RETRIES: '0',
});

/**
 * A model that plans like a good one: one item per day for each trip date in the prompt, citing
 * the first source it was given. Tests that want misbehaviour set their own responder.
 */
export function planningResponder(request: ResponderRequest) {
  const prompt = request.messages
    .map((message) => (typeof message.content === 'string' ? message.content : ''))
    .join('\n');
  const dates = prompt.match(/^Trip dates: (.+)$/m)?.[1]?.split(', ') ?? [];
  const first = prompt.match(/^\[(\d+)\] /m)?.[1] ?? '1';
  const days = dates.map((date) => ({
    date,
    items: [
      { time: 'morning', title: 'Old town walk', description: `Walk the old town [${first}].`, place: null },
    ],
  }));
  return { content: JSON.stringify({ days }) };
}

export interface TravelServiceUnderTest {
  url: string;
  logs: CapturedLogs;
  clock: TestClock;
  /** A valid access token for the user, signed with the key this instance trusts. */
  userToken(userId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real travel-svc on a free port, against the machine's Redis (a fresh prefix), configured
 * through the same zod schema as in production. Without `env` it reaches nothing: no search-svc,
 * no providers (their routes answer not_configured), no auth-svc for API keys.
 */
export async function startTravelService(env: Record<string, string> = {}): Promise<TravelServiceUnderTest> {
  const prepared = await prepareServiceUnderTest({
    service: 'travel-svc',
    configSchema: travelConfigSchema,
    createLogger,
    createRedis,
    env: {
      // Nothing listens on port 9: API keys are refused unless a test starts auth-svc.
      AUTH_SERVICE_URL: 'http://127.0.0.1:9',
      SEARCH_SERVICE_URL: 'http://127.0.0.1:9',
      PROVIDER_TIMEOUT_MS: '1500',
      // Tests send more plans a minute than a person would; service.test.ts checks the limits.
      RATE_LIMITS: 'itineraries=1000/60s,hotels=1000/60s',
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

export type { JsonResponse } from '@perplexica/testing';
export const call = callJson;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** An ISO date `days` from today (UTC). */
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** POST /internal/v1/cache/refresh as cache-worker sends it. */
export const refresh = (base: string, body: unknown = {}) =>
  callJson(`${base}/internal/v1/cache/refresh`, { method: 'POST', body, serviceToken: SERVICE_TOKEN });

/** The signed-in user's side of the travel API. */
export function travelClient(base: string, token: string) {
  const api = `${base}/api/v1/travel`;
  return {
    itinerary: (body: unknown) => callJson(`${api}/itineraries`, { method: 'POST', body, token }),
    inspiration: (query = '') => callJson(`${api}/inspiration${query ? `?${query}` : ''}`, { token }),
    locations: (query: string) => callJson(`${api}/locations?${query}`, { token }),
    location: (id: string, part = '', query = '') =>
      callJson(`${api}/locations/${id}${part ? `/${part}` : ''}${query ? `?${query}` : ''}`, { token }),
    hotels: (query: string) => callJson(`${api}/hotels?${query}`, { token }),
  };
}
