import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscoverServiceUnderTest,
  discoverClient,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';
import { MOON_LANDING, QUANTUM_CHIP } from './news-corpus.ts';

let world: World;
let svc: DiscoverServiceUnderTest;
let alice: ReturnType<typeof discoverClient>;
let bob: ReturnType<typeof discoverClient>;

beforeAll(async () => {
  world = await startWorld();
  svc = await startDiscoverService(world);
  alice = discoverClient(svc.url, await svc.userToken('alice'));
  bob = discoverClient(svc.url, await svc.userToken('bob'));
});
afterAll(async () => {
  await svc?.close();
  await world?.close();
});

interface Story {
  id: string;
  topic: string;
  sources: Array<{ url: string }>;
}

const followedIds = async (client: ReturnType<typeof discoverClient>) =>
  (await client.topics()).body.topics
    .filter((topic: { followed: boolean }) => topic.followed)
    .map((topic: { id: string }) => topic.id);

const reports = (stories: Story[], url: string) =>
  stories.some((story) => story.sources.some((source) => source.url === url));

describe('following topics', () => {
  it('PUT follows (201, then 200 again), DELETE unfollows (204, idempotent)', async () => {
    const first = await alice.follow('tech');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ topic: { id: 'tech', label: 'Tech', followed: true } });
    expect((await alice.follow('tech')).status).toBe(200);
    expect(await followedIds(alice)).toEqual(['tech']);

    expect((await alice.unfollow('tech')).status).toBe(204);
    expect((await alice.unfollow('tech')).status).toBe(204);
    expect(await followedIds(alice)).toEqual([]);
  });

  it('answers 404 for a topic that does not exist, and stores nothing', async () => {
    for (const id of ['astrology', 'TECH', 'x'.repeat(300), '..', 'tech%00']) {
      for (const response of [await alice.follow(id), await alice.unfollow(id)]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      }
    }
    const rows = await svc.database.db
      .selectFrom('followed_topics')
      .selectAll()
      .where('user_id', '=', 'alice')
      .execute();
    expect(rows).toEqual([]);
  });

  it("keeps each user's follows to that user", async () => {
    await alice.follow('science');
    await alice.follow('finance');
    expect(await followedIds(alice)).toEqual(['science', 'finance']);
    expect(await followedIds(bob)).toEqual([]);
    // Bob unfollowing Alice's topics changes nothing of hers.
    await bob.unfollow('science');
    expect(await followedIds(alice)).toEqual(['science', 'finance']);
    const bobsForYou = await bob.forYou();
    expect(bobsForYou.body).toMatchObject({ followed: false, topics: [{ id: 'top', label: 'Top' }] });
    await alice.unfollow('science');
    await alice.unfollow('finance');
  });
});

describe('GET /api/v1/discover/for-you', () => {
  it('shows the top topic to someone who follows nothing', async () => {
    const { status, body, headers } = await alice.forYou();
    expect(status).toBe(200);
    expect(body).toMatchObject({ followed: false, topics: [{ id: 'top' }], unavailable: [], page: 1 });
    const top = await alice.feed('topic=top');
    expect(body.stories.map((story: Story) => story.id)).toEqual(
      top.body.stories.map((story: Story) => story.id),
    );
    expect(body.stories.every((story: Story) => story.topic === 'top')).toBe(true);
    expect(headers.get('x-cache')).toMatch(/^(miss|fresh)$/);
    // For You is personal: never marked for the gateway's shared cache, while a topic's feed is.
    expect(headers.get('x-shared-cache')).toBeNull();
    expect(top.headers.get('x-shared-cache')).toMatch(/^max-age=[1-9]\d*$/);
  });

  it('merges the followed topics, each story once, saying which topic brought it', async () => {
    await alice.follow('science');
    await alice.follow('tech');
    const { body, headers } = await alice.forYou();
    expect(body.followed).toBe(true);
    expect(body.topics.map((topic: { id: string }) => topic.id)).toEqual(['science', 'tech']);
    const stories: Story[] = body.stories;
    expect(new Set(stories.map((story) => story.topic))).toEqual(new Set(['science', 'tech']));
    expect(new Set(stories.map((story) => story.id)).size).toBe(stories.length);
    expect(reports(stories, MOON_LANDING[0]?.url as string)).toBe(true);
    expect(reports(stories, QUANTUM_CHIP[0]?.url as string)).toBe(true);
    // Taken in turns: the first two are each topic's best.
    expect(stories.slice(0, 2).map((story) => story.topic)).toEqual(['science', 'tech']);
    expect(headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);

    // Bob still sees only the top stories.
    const bobs = await bob.forYou();
    expect(bobs.body.stories.every((story: Story) => story.topic === 'top')).toBe(true);
  });
});
