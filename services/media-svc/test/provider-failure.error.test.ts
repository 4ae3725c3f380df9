import { startFakeSearxng } from '@perplexica/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSearchService } from '../../search-svc/test/harness.ts';
import {
  call,
  eventually,
  getMedia,
  type JsonResponse,
  type MediaWorld,
  startMediaService,
  startMediaWorld,
} from './harness.ts';
import { mediaCorpus } from './media-corpus.ts';

const MINUTE = 60_000;

function expectError(response: JsonResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
}

describe('SearXNG in trouble behind search-svc', () => {
  let world: MediaWorld;
  beforeAll(async () => {
    world = await startMediaWorld();
  });
  afterAll(() => world?.close());
  beforeEach(() => world.searxng.reset());
  const images = (query: string) => getMedia(world.media.url, 'images', query, world.token);
  const videos = (query: string) => getMedia(world.media.url, 'videos', query, world.token);

  it('a stale page is served at once while SearXNG fails, and renewed once it is back', async () => {
    const first = await images('q=lighthouse');
    expect(first.headers.get('x-cache')).toBe('miss');

    world.media.clock.advance(11 * MINUTE);
    world.searxng.setMode('error500');
    const stale = await images('q=lighthouse');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(stale.headers.get('cache-control')).toBe('private, max-age=0');
    expect(stale.body).toEqual(first.body);
    // The background refresh failed, and said so.
    await eventually(async () =>
      world.media.logs.lines().find((line) => line.msg === 'media refresh failed; serving the stale page'),
    );

    world.searxng.setMode('ok');
    const fresh = await eventually(async () => {
      const response = await images('q=lighthouse');
      expect(response.status).toBe(200);
      return response.headers.get('x-cache') === 'fresh' ? response : undefined;
    });
    expect(fresh.body).toEqual(first.body);
  });

  it('with nothing servable cached: 502 bad_gateway, whatever the failure', async () => {
    for (const mode of ['error500', 'forbidden', 'html'] as const) {
      world.searxng.setMode(mode);
      const response = await videos(`q=volcano+${mode}`);
      expectError(response, 502, 'bad_gateway');
      expect(response.body.error.message).toMatch(/^Video search failed: search-svc answered 502/);
      expect(response.body.error.details).toMatchObject({ upstream: 'search-svc', status: 502 });
      // The SearXNG address stays inside: only search-svc's code reaches the caller.
      expect(JSON.stringify(response.body)).not.toContain(world.searxng.url);
    }
    world.searxng.setMode('ok');
    // Nothing was cached by the failures.
    const ok = await videos('q=volcano+error500');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-cache')).toBe('miss');
  });

  it('a page older than a day is not served: 502 while SearXNG is down', async () => {
    expect((await videos('q=volcano+islands')).status).toBe(200);
    world.media.clock.advance(25 * 60 * MINUTE);
    world.searxng.setMode('error500');
    expectError(await videos('q=volcano+islands'), 502, 'bad_gateway');
  });

  it('an answer in which every engine failed is an outage (502), not an empty page to cache', async () => {
    world.searxng.setUnresponsiveEngines([['bing images', 'CAPTCHA']]);
    const response = await images('q=nothing+matches+this');
    expectError(response, 502, 'bad_gateway');
    expect(response.body.error.message).toContain('bing images');
    // Results with some engines missing are still results.
    expect((await images('q=lighthouse+cliff')).status).toBe(200);
    world.searxng.setUnresponsiveEngines([]);
    const empty = await images('q=nothing+matches+this');
    expect(empty.status).toBe(200);
    expect(empty.headers.get('x-cache')).toBe('miss');
  });

  it('never answered 500', () => {
    const bugs = world.media.logs
      .lines()
      .filter((line) => line.status === 500 || line.msg === 'unhandled error');
    expect(bugs).toEqual([]);
  });
});

describe('search-svc too slow', () => {
  let world: MediaWorld;
  beforeAll(async () => {
    // media-svc gives up long before search-svc gives up on the hanging SearXNG.
    world = await startMediaWorld({
      mediaEnv: { SEARCH_TIMEOUT_MS: '1000' },
      searchEnv: { SEARXNG_TIMEOUT_MS: '60000' },
    });
  });
  afterAll(() => world?.close());

  it('504 gateway_timeout with nothing cached; the stale page without waiting when there is one', async () => {
    const images = (query: string) => getMedia(world.media.url, 'images', query, world.token);
    const first = await images('q=lighthouse');
    expect(first.status).toBe(200);
    world.searxng.setMode('hang');
    expectError(await images('q=lighthouse+sunset'), 504, 'gateway_timeout');

    world.media.clock.advance(11 * MINUTE);
    const stale = await images('q=lighthouse');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(stale.body).toEqual(first.body);
  });
});

describe('search-svc unreachable', () => {
  it('serves stale pages; 502 with nothing cached', async () => {
    const world = await startMediaWorld();
    try {
      const videos = (query: string) => getMedia(world.media.url, 'videos', query, world.token);
      const first = await videos('q=volcano');
      expect(first.status).toBe(200);
      await world.search.close();
      world.media.clock.advance(11 * MINUTE);
      const stale = await videos('q=volcano');
      expect(stale.status).toBe(200);
      expect(stale.headers.get('x-cache')).toBe('stale');
      expect(stale.body).toEqual(first.body);
      const missing = await videos('q=volcano+timelapse');
      expectError(missing, 502, 'bad_gateway');
      expect(missing.body.error.message).toBe('Video search failed: search-svc is unreachable');
      // Still ready: Redis answers, and cached pages are still served.
      expect((await call(`${world.media.url}/ready`)).status).toBe(200);
    } finally {
      await world.media.close();
      await world.searxng.close();
    }
  });
});

describe('search-svc without SearXNG', () => {
  it('503 not_configured naming SEARXNG_URL, nothing cached', async () => {
    const searxng = await startFakeSearxng({ corpus: mediaCorpus });
    // Without SEARXNG_URL search-svc searches only the locally ingested documents.
    const search = await startSearchService({});
    const media = await startMediaService({ SEARCH_SERVICE_URL: search.url });
    try {
      const token = await media.userToken();
      for (const kind of ['images', 'videos']) {
        const response = await getMedia(media.url, kind, 'q=lighthouse', token);
        expectError(response, 503, 'not_configured');
        expect(response.body.error.message).toContain('SEARXNG_URL');
      }
      expect(searxng.searchCount()).toBe(0);
    } finally {
      await media.close();
      await search.close();
      await searxng.close();
    }
  });
});
