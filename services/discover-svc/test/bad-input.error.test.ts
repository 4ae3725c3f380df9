import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  type DiscoverServiceUnderTest,
  discoverClient,
  type JsonResponse,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';

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

function expectError(response: JsonResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
}

describe('GET /api/v1/discover refuses bad input with a clear 4xx', () => {
  it('an unknown topic is 400 naming query.topic and the topics there are', async () => {
    for (const topic of ['astrology', 'TOP', '', 'top%20', 'x'.repeat(500)]) {
      const response = await reader.feed(`topic=${topic}`);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('query.topic');
    }
    const response = await reader.feed('topic=astrology');
    expect(response.body.error.message).toContain('"science"');
  });

  it('a page that is not a whole number from 1 is 400 naming query.page', async () => {
    for (const page of ['0', '-1', 'abc', '', '1.5', '101', '1e3']) {
      const response = await reader.feed(`topic=science&page=${page}`);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('query.page');
    }
  });

  it('a page past the last is 404, saying how many there are', async () => {
    const response = await reader.feed('topic=sports&page=3');
    expectError(response, 404, 'not_found');
    expect(response.body.error.details).toEqual({ totalPages: 2 });
    expect((await reader.feed('topic=sports&page=2')).status).toBe(200);
  });
});

describe('GET /api/v1/discover/for-you refuses bad input', () => {
  it('a bad page is 400, one past the last 404', async () => {
    const bad = await reader.forYou('page=first');
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.details[0].path).toBe('query.page');
    expectError(await reader.forYou('page=40'), 404, 'not_found');
  });
});

describe('other routes', () => {
  it('an unknown route is 404 in the one error shape', async () => {
    const token = await svc.userToken('reader');
    expectError(await call(`${svc.url}/api/v1/discover/nothing-here`, { token }), 404, 'not_found');
    expectError(await call(`${svc.url}/api/v1/discover/topics/tech`, { token }), 404, 'not_found');
  });

  it('never answers 500 to any of it', () => {
    const lines = svc.logs.lines();
    expect(lines.some((line) => line.msg === 'unhandled error')).toBe(false);
  });
});
