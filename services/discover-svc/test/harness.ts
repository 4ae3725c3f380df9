import { createDatabase, migrateToLatest } from '@perplexica/db';
import {
  type FakeOpenAI,
  type FakePage,
  type FakeSearxng,
  type FakeWebsite,
  FEED_TYPES,
  type FixtureDocument,
  rssFeed,
  startFakeOpenAI,
  startFakeSearxng,
  startFakeWebsite,
} from '@perplexica/fakes';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { type SearchServiceUnderTest, startSearchService } from '../../search-svc/test/harness.ts';
import { createApp } from '../src/app.ts';
import { discoverConfigSchema } from '../src/config.ts';
import { discoverMigrations } from '../src/db/migrations.ts';
import type { DiscoverDatabase } from '../src/db/schema.ts';
import { NEWS_CORPUS, TEST_TOPICS, techFeedItems } from './news-corpus.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;
export const OPENAI_KEY = 'sk-test-openai-key-never-logged-0123456789';
export const TECH_FEED_PATH = '/tech.xml';

/**
 * Everything discover-svc talks to: a fake SearXNG with the news corpus, a real search-svc in
 * front of it (allowed to fetch the local feed server, nothing else private), a website serving
 * the tech RSS feed, and a fake OpenAI for the model path.
 */
export interface World {
  searxng: FakeSearxng;
  search: SearchServiceUnderTest;
  site: FakeWebsite;
  openai: FakeOpenAI;
  /** DISCOVER_* variables pointing at this world. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startWorld(
  options: { corpus?: FixtureDocument[]; pages?: Record<string, FakePage> } = {},
): Promise<World> {
  const searxng = await startFakeSearxng({ corpus: options.corpus ?? NEWS_CORPUS });
  const site = await startFakeWebsite({
    ...options.pages,
    [TECH_FEED_PATH]: {
      contentType: FEED_TYPES.rss,
      body: rssFeed({ title: 'Tech wire', link: 'https://techwire.test/' }, techFeedItems()),
    },
  });
  const search = await startSearchService({
    SEARXNG_URL: searxng.url,
    FETCH_ALLOW_PRIVATE_HOSTS: new URL(site.url).host,
    // Tests break SearXNG on purpose; the breaker must not stay open into the next test.
    SEARXNG_BREAKER_FAILURES: '1000',
    LOG_LEVEL: 'warn',
  });
  const openai = await startFakeOpenAI();
  let closed = false;
  return {
    searxng,
    search,
    site,
    openai,
    env: {
      SEARCH_SERVICE_URL: search.url,
      DISCOVER_TOPICS: TEST_TOPICS,
      DISCOVER_FEEDS: `tech=${site.url}${TECH_FEED_PATH}`,
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([search.close(), searxng.close(), site.close(), openai.close()]);
    },
  };
}

/** The variables that turn the model path on, against the world's fake OpenAI. */
export const openAiEnv = (world: World) => ({
  LLM_PROVIDER: 'openai',
  OPENAI_BASE_URL: `${world.openai.url}/v1`,
  OPENAI_API_KEY: OPENAI_KEY,
  MODEL_MAX_RETRIES: '0',
});

export interface DiscoverServiceUnderTest {
  url: string;
  database: ReturnType<typeof createDatabase<DiscoverDatabase>>;
  logs: CapturedLogs;
  userToken(userId: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real discover-svc on a free port, against the machine's Postgres (a fresh schema) and Redis (a
 * fresh prefix, so an empty cache), configured through the same zod schema as in production.
 */
export async function startDiscoverService(
  world: Pick<World, 'env'>,
  env: Record<string, string> = {},
): Promise<DiscoverServiceUnderTest> {
  const prepared = await prepareServiceUnderTest({
    service: 'discover-svc',
    configSchema: discoverConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<DiscoverDatabase>,
      migrate: migrateToLatest,
      migrations: discoverMigrations,
    },
    env: {
      // Nothing listens here unless a test points it at a real auth-svc.
      AUTH_SERVICE_URL: 'http://127.0.0.1:9',
      SEARCH_TIMEOUT_MS: '5000',
      ...world.env,
      ...env,
    },
  });
  const served = await prepared.serve(createApp(prepared.deps));
  return {
    url: served.url,
    database: prepared.database,
    logs: prepared.logs,
    userToken: (userId) => prepared.token(userId),
    close: served.close,
  };
}

export type { JsonResponse } from '@perplexica/testing';
export const call = callJson;

/** A signed-in reader's side: the public Discover routes. */
export function discoverClient(base: string, token: string) {
  const root = `${base}/api/v1/discover`;
  return {
    feed: (query = '') => call(`${root}${query ? `?${query}` : ''}`, { token }),
    forYou: (query = '') => call(`${root}/for-you${query ? `?${query}` : ''}`, { token }),
    topics: () => call(`${root}/topics`, { token }),
    follow: (id: string) => call(`${root}/topics/${encodeURIComponent(id)}/follow`, { method: 'PUT', token }),
    unfollow: (id: string) =>
      call(`${root}/topics/${encodeURIComponent(id)}/follow`, { method: 'DELETE', token }),
    triangulation: (storyId: string, topic: string) =>
      call(
        `${root}/stories/${encodeURIComponent(storyId)}/triangulation?topic=${encodeURIComponent(topic)}`,
        {
          token,
        },
      ),
    customTopics: () => call(`${root}/custom-topics`, { token }),
    createCustomTopic: (body: unknown) => call(`${root}/custom-topics`, { method: 'POST', body, token }),
    customTopic: (id: string) => call(`${root}/custom-topics/${encodeURIComponent(id)}`, { token }),
    updateCustomTopic: (id: string, body: unknown) =>
      call(`${root}/custom-topics/${encodeURIComponent(id)}`, { method: 'PATCH', body, token }),
    deleteCustomTopic: (id: string) =>
      call(`${root}/custom-topics/${encodeURIComponent(id)}`, { method: 'DELETE', token }),
    customFeed: (id: string, query = '') =>
      call(`${root}/custom-topics/${encodeURIComponent(id)}/feed${query ? `?${query}` : ''}`, { token }),
    refreshCustomTopic: (id: string) =>
      call(`${root}/custom-topics/${encodeURIComponent(id)}/refresh`, { method: 'POST', token }),
  };
}

/** The cache-worker's side: the refresh route, with the service token. */
export const refresh = (base: string, body: unknown = {}) =>
  call(`${base}/internal/v1/cache/refresh`, { body, serviceToken: SERVICE_TOKEN });

/** Citation numbers a summary uses, e.g. "… [1] … [3]" → [1, 3]. */
export const citations = (summary: string) =>
  [...summary.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
