import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, getMedia, type JsonResponse, type MediaWorld, startMediaWorld } from './harness.ts';

let world: MediaWorld;
beforeAll(async () => {
  world = await startMediaWorld();
});
afterAll(() => world?.close());

function expectError(response: JsonResponse, status: number, code: string, path?: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
  if (path) expect(response.body.error.details[0].path).toBe(path);
}

const kinds = ['images', 'videos'];
const get = (kind: string, query: string) => getMedia(world.media.url, kind, query, world.token);

describe('both routes refuse bad input with a clear 400, before any search', () => {
  it('q is required, 1..300 characters once trimmed', async () => {
    for (const kind of kinds) {
      for (const query of ['', 'q=', 'q=%20%20%20', 'q=%00', `q=${'x'.repeat(301)}`, 'safe=off']) {
        expectError(await get(kind, query), 400, 'validation_failed', 'query.q');
      }
    }
    expect(world.searxng.searchCount()).toBe(0);
    const longest = await get('images', `q=${'x'.repeat(300)}`);
    expect(longest.status).toBe(200);
    // Surrounding spaces do not count against the limit.
    expect((await get('images', `q=%20${'x'.repeat(300)}%20`)).status).toBe(200);
  });

  it('safe is strict, moderate or off', async () => {
    for (const kind of kinds) {
      for (const safe of ['', 'maybe', 'OFF', '0', '1', 'true']) {
        expectError(await get(kind, `q=lighthouse&safe=${safe}`), 400, 'validation_failed', 'query.safe');
      }
    }
  });

  it('page is a whole number 1..5', async () => {
    for (const kind of kinds) {
      for (const page of ['', '0', '6', '-1', 'abc', '1.5', '100000000000000000000']) {
        expectError(await get(kind, `q=lighthouse&page=${page}`), 400, 'validation_failed', 'query.page');
      }
    }
    expect((await get('videos', 'q=volcano&page=5')).status).toBe(200);
  });

  it('unknown paths and methods are 404 in the one error shape', async () => {
    expectError(await get('audio', 'q=lighthouse'), 404, 'not_found');
    expectError(await get('images/extra', 'q=lighthouse'), 404, 'not_found');
    const post = await call(`${world.media.url}/api/v1/media/images?q=lighthouse`, {
      token: world.token,
      body: {},
    });
    expectError(post, 404, 'not_found');
  });

  it('never answered 500 to any of this', () => {
    const bugs = world.media.logs
      .lines()
      .filter((line) => line.status === 500 || line.msg === 'unhandled error');
    expect(bugs).toEqual([]);
  });
});
