import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_CORPUS } from './custom-sources.ts';
import {
  type DiscoverServiceUnderTest,
  discoverClient,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';
import { NEWS_CORPUS } from './news-corpus.ts';

let world: World;
let svc: DiscoverServiceUnderTest;
let alice: ReturnType<typeof discoverClient>;
let bob: ReturnType<typeof discoverClient>;

beforeAll(async () => {
  world = await startWorld({ corpus: [...NEWS_CORPUS, ...CUSTOM_CORPUS] });
  svc = await startDiscoverService(world);
  alice = discoverClient(svc.url, await svc.userToken('alice'));
  bob = discoverClient(svc.url, await svc.userToken('bob'));
});
afterAll(async () => {
  await svc?.close();
  await world?.close();
});

describe("another user's custom topic", () => {
  it('is 404 on every route, and stays untouched', async () => {
    const { body } = await alice.createCustomTopic({ label: 'Energy', keywords: ['heat pumps'] });
    const id = body.topic.id;
    const feed = await alice.customFeed(id);
    const storyId = feed.body.stories[0].id;
    expect((await alice.triangulation(storyId, id)).status).toBe(200);

    for (const response of [
      await bob.customTopic(id),
      await bob.customFeed(id),
      await bob.refreshCustomTopic(id),
      await bob.updateCustomTopic(id, { label: 'Mine now' }),
      await bob.deleteCustomTopic(id),
      await bob.triangulation(storyId, id),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await bob.customTopics()).body.topics).toEqual([]);
    expect((await alice.customTopic(id)).body.topic.label).toBe('Energy');
  });

  it('ids that are not UUIDs are 404, not 500', async () => {
    for (const id of ['nope', "1' or '1'='1", '00000000-0000-0000-0000-00000000000g']) {
      expect((await alice.customTopic(id)).status).toBe(404);
      expect((await alice.deleteCustomTopic(id)).status).toBe(404);
    }
  });

  it('needs a signed-in caller', async () => {
    const response = await fetch(`${svc.url}/api/v1/discover/custom-topics`);
    expect(response.status).toBe(401);
  });
});
