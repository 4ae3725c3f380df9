import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverConfigSchema } from '../src/config.ts';
import { configuredTopics } from '../src/topics.ts';
import {
  call,
  type DiscoverServiceUnderTest,
  discoverClient,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';

const required = () => ({
  POSTGRES_URL: 'postgres://x@db/perplexica',
  REDIS_URL: 'redis://redis:6379',
  SERVICE_TOKEN: 'a-long-enough-service-token-value',
  JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
});

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(discoverConfigSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  return expect.unreachable('config must not load');
};

describe('discover-svc configuration', () => {
  it('names every missing variable at once', () => {
    const message = problemsOf({ NODE_ENV: 'production' });
    for (const name of ['POSTGRES_URL', 'REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) {
      expect(message).toContain(name);
    }
  });

  it('defaults to port 3002, schema "discover", eight topics with their searches, no model, 10 min / 6 h', () => {
    const config = loadConfig(discoverConfigSchema, required());
    expect(config).toMatchObject({
      PORT: 3002,
      DB_SCHEMA: 'discover',
      REDIS_KEY_PREFIX: 'perplexica:discover:',
      SEARCH_SERVICE_URL: 'http://127.0.0.1:3001',
      LLM_PROVIDER: 'extractive',
      DISCOVER_TIME_RANGE: 'day',
      DISCOVER_FRESH_MS: 600_000,
      DISCOVER_STALE_MS: 21_600_000,
    });
    const topics = configuredTopics(config);
    expect(topics.map((topic) => topic.id)).toEqual([
      'top',
      'tech',
      'science',
      'finance',
      'sports',
      'culture',
      'health',
      'world',
    ]);
    for (const topic of topics) {
      expect(topic.queries.length).toBeGreaterThanOrEqual(3);
      expect(topic.feeds).toEqual([]);
    }
  });

  it('reads custom topics and their feeds', () => {
    const config = loadConfig(discoverConfigSchema, {
      ...required(),
      DISCOVER_TOPICS: 'top=headlines; climate-change = climate change | heatwave, drought ;tech=ai',
      DISCOVER_FEEDS:
        'climate-change=https://a.example/rss, climate-change=https://b.example/atom,tech=http://c.example/feed',
    });
    expect(configuredTopics(config)).toEqual([
      { id: 'top', label: 'Top', queries: ['headlines'], feeds: [] },
      {
        id: 'climate-change',
        label: 'Climate change',
        queries: ['climate change', 'heatwave, drought'],
        feeds: ['https://a.example/rss', 'https://b.example/atom'],
      },
      { id: 'tech', label: 'Tech', queries: ['ai'], feeds: ['http://c.example/feed'] },
    ]);
  });

  it('refuses topics and feeds it cannot use, naming the variable', () => {
    const topics = problemsOf({ ...required(), DISCOVER_TOPICS: 'Top News=headlines;tech=;tech=ai;tech=ml' });
    expect(topics).toContain('DISCOVER_TOPICS');
    expect(topics).toContain('"Top News"');
    expect(topics).toContain('topic "tech" needs 1..10 searches');
    expect(topics).toContain('topic "tech" is given twice');

    const feeds = problemsOf({
      ...required(),
      DISCOVER_FEEDS: 'tech=ftp://files.example/feed,https://no-topic.example',
    });
    expect(feeds).toContain(
      'DISCOVER_FEEDS: entry "tech=ftp://files.example/feed" is not of the form topic=https://…',
    );
    expect(feeds).toContain('entry "https://no-topic.example"');
    expect(problemsOf({ ...required(), DISCOVER_FEEDS: 'gardening=https://garden.example/rss' })).toContain(
      'DISCOVER_FEEDS: feeds are given for topic "gardening", which DISCOVER_TOPICS does not define',
    );

    expect(problemsOf({ ...required(), DISCOVER_FRESH_MS: '60000', DISCOVER_STALE_MS: '60000' })).toContain(
      'DISCOVER_STALE_MS: must be longer than DISCOVER_FRESH_MS',
    );
    expect(problemsOf({ ...required(), DISCOVER_TIME_RANGE: 'month' })).toContain('DISCOVER_TIME_RANGE');
  });
});

describe('the running service', () => {
  let world: World;
  let svc: DiscoverServiceUnderTest;

  beforeAll(async () => {
    world = await startWorld();
    svc = await startDiscoverService(world, { RATE_LIMITS: 'default=3/60s' });
  });
  afterAll(async () => {
    await svc?.close();
    await world?.close();
  });

  it('is alive, and ready when Postgres and Redis answer', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    expect((await call(`${svc.url}/ready`)).status).toBe(200);
  });

  it('limits each caller, then answers 429 with Retry-After', async () => {
    const client = discoverClient(svc.url, await svc.userToken('busy'));
    for (let request = 0; request < 3; request++) expect((await client.topics()).status).toBe(200);
    const limited = await client.topics();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another caller has a budget of its own.
    expect((await discoverClient(svc.url, await svc.userToken('calm')).topics()).status).toBe(200);
  });
});
