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
let carol: ReturnType<typeof discoverClient>;
let token: string;

beforeAll(async () => {
  world = await startWorld();
  // No CUSTOM_FEEDS_ALLOW_PRIVATE_HOSTS: private and local feed addresses are refused.
  svc = await startDiscoverService(world);
  token = await svc.userToken('carol');
  carol = discoverClient(svc.url, token);
});
afterAll(async () => {
  await svc?.close();
  await world?.close();
});

function expectValidation(response: JsonResponse, path?: string) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('validation_failed');
  expect(response.body.error.message).toEqual(expect.any(String));
  if (path) expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
}

describe('POST /api/v1/discover/custom-topics refuses bad input with 400', () => {
  it('feeds that are not http(s) URLs', async () => {
    for (const url of [
      'ftp://example.com/feed.xml',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expectValidation(await carol.createCustomTopic({ label: 'X', feeds: [url] }), 'body.feeds.0');
    }
  });

  it('feeds on private, loopback, link-local or local addresses (no allow flag)', async () => {
    for (const url of [
      `${world.site.url}/tech.xml`,
      'http://10.0.0.5/rss',
      'http://192.168.1.1/feed',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/feed',
      'http://localhost/feed',
      'http://redis.perplexica-infra.svc/feed',
      'https://user:pw@example.com/feed',
    ]) {
      const response = await carol.createCustomTopic({ label: 'X', feeds: [url] });
      expectValidation(response, 'body.feeds.0');
    }
  });

  it('more than 10 feeds, keywords or sites', async () => {
    const many = (make: (i: number) => string) => Array.from({ length: 11 }, (_, i) => make(i));
    expectValidation(
      await carol.createCustomTopic({ label: 'X', feeds: many((i) => `https://feeds${i}.example.com/rss`) }),
      'body.feeds',
    );
    expectValidation(
      await carol.createCustomTopic({ label: 'X', keywords: many((i) => `word ${i}`) }),
      'body.keywords',
    );
    expectValidation(
      await carol.createCustomTopic({ label: 'X', sites: many((i) => `site${i}.example.com`) }),
      'body.sites',
    );
  });

  it('an empty topic, a bad label, a bad site, unknown fields, not JSON', async () => {
    expectValidation(await carol.createCustomTopic({ label: 'Nothing' }), 'body.feeds');
    expectValidation(await carol.createCustomTopic({ label: 'Nothing', feeds: [], keywords: [], sites: [] }));
    expectValidation(await carol.createCustomTopic({ keywords: ['x'] }), 'body.label');
    expectValidation(await carol.createCustomTopic({ label: '   ', keywords: ['x'] }), 'body.label');
    expectValidation(await carol.createCustomTopic({ label: 'x'.repeat(61), keywords: ['x'] }), 'body.label');
    expectValidation(
      await carol.createCustomTopic({ label: 'X', keywords: ['x'.repeat(201)] }),
      'body.keywords.0',
    );
    expectValidation(await carol.createCustomTopic({ label: 'X', sites: ['not a host'] }), 'body.sites.0');
    expectValidation(await carol.createCustomTopic({ label: 'X', keywords: ['x'], owner: 'someone' }));
    const notJson = await call(`${svc.url}/api/v1/discover/custom-topics`, {
      method: 'POST',
      body: '{',
      token,
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
    expect((await carol.customTopics()).body.topics).toEqual([]);
  });
});

describe('limits and edits', () => {
  it('at most 20 topics per user: the 21st is 409', async () => {
    const other = discoverClient(svc.url, await svc.userToken('collector'));
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        other.createCustomTopic({ label: `Topic ${i}`, keywords: [`word ${i}`] }),
      ),
    );
    expect(created.map((response) => response.status)).toEqual(Array(20).fill(201));
    const extra = await other.createCustomTopic({ label: 'One more', keywords: ['more'] });
    expect(extra.status).toBe(409);
    expect(extra.body.error.code).toBe('conflict');
    expect((await other.customTopics()).body.topics).toHaveLength(20);
    // Someone else's count is their own.
    expect((await carol.createCustomTopic({ label: 'Mine', keywords: ['mine'] })).status).toBe(201);
  });

  it('PATCH refuses bad input and an edit that leaves no source', async () => {
    const { body } = await carol.createCustomTopic({ label: 'Edit me', keywords: ['heat pumps'] });
    const id = body.topic.id;
    expectValidation(await carol.updateCustomTopic(id, { keywords: [] }));
    expectValidation(await carol.updateCustomTopic(id, {}));
    expectValidation(await carol.updateCustomTopic(id, { feeds: ['http://127.0.0.1/feed'] }), 'body.feeds.0');
    expectValidation(await carol.updateCustomTopic(id, { label: '' }), 'body.label');
    expect((await carol.customTopic(id)).body.topic).toMatchObject({
      label: 'Edit me',
      keywords: ['heat pumps'],
    });
    expect((await carol.customFeed(id, 'page=0')).status).toBe(400);
  });
});
