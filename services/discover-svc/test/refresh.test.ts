import { FEED_TYPES, rssFeed } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  type DiscoverServiceUnderTest,
  discoverClient,
  refresh,
  SERVICE_TOKEN,
  startDiscoverService,
  startWorld,
  TECH_FEED_PATH,
  type World,
} from './harness.ts';
import { techFeedItems } from './news-corpus.ts';

const ALL_KEYS = ['feed:top', 'feed:tech', 'feed:science', 'feed:finance', 'feed:sports'];

describe('POST /internal/v1/cache/refresh', () => {
  let world: World;
  let svc: DiscoverServiceUnderTest;
  let reader: ReturnType<typeof discoverClient>;

  beforeAll(async () => {
    world = await startWorld();
    svc = await startDiscoverService(world);
    reader = discoverClient(svc.url, await svc.userToken('reader'));
  });
  afterAll(async () => {
    await svc?.close();
    await world?.close();
  });

  it('is invisible without the service token', async () => {
    const url = `${svc.url}/internal/v1/cache/refresh`;
    expect((await call(url, { body: {} })).status).toBe(404);
    expect((await call(url, { body: {}, serviceToken: 'wrong-token-of-enough-length-000' })).status).toBe(
      404,
    );
    expect((await call(url, { body: {}, token: await svc.userToken('reader') })).status).toBe(404);
  });

  it('reports the topics that failed, keeps building the others, and serves what it built', async () => {
    // SearXNG is down from the start: only tech, which has an RSS feed as well, can be built.
    world.searxng.setMode('error500');
    try {
      const { status, body } = await refresh(svc.url, { deadlineMs: 60_000 });
      expect(status).toBe(200);
      expect(body.refreshed).toEqual(['feed:tech']);
      expect(body.skipped).toEqual([]);
      expect(body.failed.map((failure: { key: string }) => failure.key)).toEqual([
        'feed:top',
        'feed:science',
        'feed:finance',
        'feed:sports',
      ]);
      for (const failure of body.failed) expect(failure.reason).toMatch(/search-svc answered 502/);
      expect(body.durationMs).toEqual(expect.any(Number));

      const tech = await reader.feed('topic=tech');
      expect(tech.status).toBe(200);
      expect(tech.headers.get('x-cache')).toBe('fresh');
      expect(tech.body.sources).toEqual({ tried: 3, failed: 2 });
      const science = await reader.feed('topic=science');
      expect(science.status).toBe(502);
      expect(science.body.error.code).toBe('bad_gateway');
    } finally {
      world.searxng.setMode('ok');
    }
  });

  it('fills every topic, so readers are served fresh copies without a search', async () => {
    const { body } = await refresh(svc.url, { deadlineMs: 60_000 });
    expect(body).toMatchObject({ refreshed: ALL_KEYS, failed: [], skipped: [] });
    const searches = world.searxng.searchCount();
    for (const topic of ['top', 'tech', 'science', 'finance', 'sports']) {
      const response = await reader.feed(`topic=${topic}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-cache')).toBe('fresh');
    }
    expect(world.searxng.searchCount()).toBe(searches);
  });

  it('replaces a cached feed with what the sources say now', async () => {
    world.site.setPage(TECH_FEED_PATH, {
      contentType: FEED_TYPES.rss,
      body: rssFeed({ title: 'Tech wire', link: 'https://techwire.test/' }, [
        ...techFeedItems(),
        {
          title: 'Ladybug browser adds support for vertical tabs',
          link: 'https://blog.ladybug.test/posts/vertical-tabs',
          html: '<p>Ladybug now shows tabs down the side of the window.</p>',
          published: new Date(),
        },
      ]),
    });
    const before = await reader.feed('topic=tech');
    const titles = (response: typeof before) =>
      response.body.stories.map((story: { title: string }) => story.title);
    expect(titles(before)).not.toContain('Ladybug browser adds support for vertical tabs');
    expect((await refresh(svc.url)).body.refreshed).toEqual(ALL_KEYS);
    expect(titles(await reader.feed('topic=tech'))).toContain(
      'Ladybug browser adds support for vertical tabs',
    );
  });

  it('refuses a bad body with 400, and needs none', async () => {
    for (const body of [
      { deadlineMs: 0 },
      { deadlineMs: -5 },
      { deadlineMs: 'soon' },
      { deadlineMs: 1.5 },
      { topics: ['tech'] },
    ]) {
      const response = await refresh(svc.url, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const broken = await refresh(svc.url, '{"deadlineMs":');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const none = await call(`${svc.url}/internal/v1/cache/refresh`, {
      method: 'POST',
      serviceToken: SERVICE_TOKEN,
    });
    expect(none.status).toBe(200);
    expect(none.body.refreshed).toEqual(ALL_KEYS);
  });

  it('never logs the service token', () => {
    expect(svc.logs.text()).toContain('discover feeds refreshed');
    expect(svc.logs.text()).not.toContain(SERVICE_TOKEN);
  });
});

describe('the refresh deadline', () => {
  let world: World;
  let svc: DiscoverServiceUnderTest;

  beforeAll(async () => {
    world = await startWorld();
    // One topic at a time, so the deadline falls while the first is still being built.
    svc = await startDiscoverService(world, { DISCOVER_REFRESH_CONCURRENCY: '1' });
  });
  afterAll(async () => {
    await svc?.close();
    await world?.close();
  });

  it('starts no topic once deadlineMs has passed, and reports those as skipped', async () => {
    // Every SearXNG answer takes far longer than the deadline (search-svc's cache is cold here).
    world.searxng.setLatency(600);
    try {
      const { status, body } = await refresh(svc.url, { deadlineMs: 100 });
      expect(status).toBe(200);
      expect(body.refreshed).toEqual(['feed:top']);
      expect(body.failed).toEqual([]);
      expect(body.skipped).toEqual(ALL_KEYS.slice(1));
    } finally {
      world.searxng.setLatency(0);
    }
    // What was built is served.
    const reader = discoverClient(svc.url, await svc.userToken('reader'));
    expect((await reader.feed('topic=top')).headers.get('x-cache')).toBe('fresh');
  });
});
