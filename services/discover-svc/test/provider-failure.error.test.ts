import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscoverServiceUnderTest,
  discoverClient,
  refresh,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';

/** Polls until `check` holds, at most `tries` times: no timed assertions. */
async function eventually(check: () => boolean, tries = 100): Promise<void> {
  for (let attempt = 0; attempt < tries && !check(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(check()).toBe(true);
}

describe('search-svc down', () => {
  let world: World;
  let svc: DiscoverServiceUnderTest;
  let reader: ReturnType<typeof discoverClient>;

  beforeAll(async () => {
    world = await startWorld();
    // Every copy is stale a millisecond after it was stored, so the next read tries a rebuild.
    svc = await startDiscoverService(world, { DISCOVER_FRESH_MS: '1' });
    reader = discoverClient(svc.url, await svc.userToken('reader'));
  });
  afterAll(async () => {
    await svc?.close();
    await world?.close();
  });

  it('serves the cached feed, stale, and keeps serving it while rebuilds fail; 502 where nothing is cached', async () => {
    const cached = await reader.feed('topic=science');
    expect(cached.status).toBe(200);
    expect(cached.headers.get('x-cache')).toBe('miss');
    const follow = await reader.follow('science');
    expect(follow.status).toBe(201);
    await reader.follow('finance');

    await world.search.close();

    const stale = await reader.feed('topic=science');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(stale.headers.get('cache-control')).toBe('private, max-age=0');
    expect(stale.body.stories).toEqual(cached.body.stories);
    await eventually(() => svc.logs.text().includes('background refresh failed'));
    expect((await reader.feed('topic=science')).body.stories).toEqual(cached.body.stories);

    const missing = await reader.feed('topic=finance');
    expect(missing.status).toBe(502);
    expect(missing.body.error.code).toBe('bad_gateway');
    expect(missing.body.error.message).toContain('search-svc is unreachable');

    // For You shows what it has, and says which followed topic it could not load.
    const forYou = await reader.forYou();
    expect(forYou.status).toBe(200);
    expect(forYou.headers.get('x-cache')).toBe('stale');
    expect(forYou.body.unavailable).toEqual([
      { topic: 'finance', reason: expect.stringContaining('search-svc is unreachable') },
    ]);
    expect(forYou.body.stories.length).toBe(cached.body.stories.length);

    // The refresh reports every topic failed (feeds are fetched through search-svc too), and the
    // cached copy survives it.
    const report = await refresh(svc.url);
    expect(report.body.refreshed).toEqual([]);
    expect(report.body.failed).toHaveLength(5);
    expect(report.body.failed[0]).toEqual({
      key: 'feed:top',
      reason: 'The news for "top" could not be loaded (search "moon": search-svc is unreachable)',
    });
    expect((await reader.feed('topic=science')).body.stories).toEqual(cached.body.stories);
  });

  it('answers For You with 502 when none of its topics can be served', async () => {
    await reader.unfollow('science');
    const forYou = await reader.forYou();
    expect(forYou.status).toBe(502);
    expect(forYou.body.error.code).toBe('bad_gateway');
  });
});

describe('search-svc too slow', () => {
  let world: World;
  let svc: DiscoverServiceUnderTest;
  let reader: ReturnType<typeof discoverClient>;

  beforeAll(async () => {
    world = await startWorld();
    // Our patience ends long before search-svc gives up on SearXNG.
    svc = await startDiscoverService(world, { DISCOVER_FRESH_MS: '1', SEARCH_TIMEOUT_MS: '300' });
    reader = discoverClient(svc.url, await svc.userToken('reader'));
  });
  afterAll(async () => {
    await svc?.close();
    await world?.close();
  });

  it('serves the stale feed at once, and answers 504 where nothing is cached', async () => {
    const cached = await reader.feed('topic=science');
    expect(cached.status).toBe(200);
    world.searxng.setMode('hang');

    const stale = await reader.feed('topic=science');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(stale.body.stories).toEqual(cached.body.stories);

    const missing = await reader.feed('topic=finance');
    expect(missing.status).toBe(504);
    expect(missing.body.error.code).toBe('gateway_timeout');
    expect(missing.body.error.message).toContain('did not answer in time');
  });
});
