import { FEED_TYPES, rssFeed } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIRDING_FEED_PATH,
  birdingFeedItems,
  CUSTOM_CORPUS,
  HEAT_PUMPS,
  OFF_SITE,
  ON_SITE,
} from './custom-sources.ts';
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
let feedUrl: string;

beforeAll(async () => {
  world = await startWorld({
    corpus: [...NEWS_CORPUS, ...CUSTOM_CORPUS],
    pages: {
      [BIRDING_FEED_PATH]: {
        contentType: FEED_TYPES.rss,
        body: rssFeed({ title: 'Bird news', link: 'https://birdnews.test/' }, birdingFeedItems()),
      },
    },
  });
  // The feed double listens on 127.0.0.1: allowed here exactly as an operator would allow a host.
  svc = await startDiscoverService(world, { CUSTOM_FEEDS_ALLOW_PRIVATE_HOSTS: new URL(world.site.url).host });
  alice = discoverClient(svc.url, await svc.userToken('alice'));
  feedUrl = `${world.site.url}${BIRDING_FEED_PATH}`;
});
afterAll(async () => {
  await svc?.close();
  await world?.close();
});

const urlsOf = (body: { stories: Array<{ sources: Array<{ url: string }> }> }) =>
  body.stories.flatMap((story) => story.sources.map((source) => source.url));

describe('custom topics', () => {
  it('a topic made of a feed, a keyword and a site shows their stories, and only them', async () => {
    const created = await alice.createCustomTopic({
      label: 'Gardening',
      feeds: [feedUrl],
      keywords: ['heat pumps'],
      sites: ['https://www.GardenersWorld.test/news'],
    });
    expect(created.status).toBe(201);
    const topic = created.body.topic;
    expect(topic).toMatchObject({
      label: 'Gardening',
      feeds: [feedUrl],
      keywords: ['heat pumps'],
      // A site is kept as its bare host.
      sites: ['gardenersworld.test'],
    });

    const feed = await alice.customFeed(topic.id);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('x-cache')).toBe('miss');
    expect(feed.body.topic).toEqual({ id: topic.id, label: 'Gardening' });
    // The feed, the keyword and the site (searched over the day, then the week as the day is thin).
    expect(feed.body.sources).toEqual({ tried: 5, failed: 0 });
    const urls = urlsOf(feed.body);
    expect(urls).toContain('https://birdnews.test/2026/albatross-cornwall');
    expect(urls).toContain(HEAT_PUMPS.url);
    expect(urls).toContain(ON_SITE.url);
    expect(urls).not.toContain(OFF_SITE.url);
    expect(feed.body.stories[0]).toHaveProperty('triangulated', false);

    // Cached per topic, like a configured topic's feed.
    const again = await alice.customFeed(topic.id);
    expect(again.headers.get('x-cache')).toBe('fresh');
    expect(again.body.stories).toEqual(feed.body.stories);

    // Refreshed on demand.
    const refreshed = await alice.refreshCustomTopic(topic.id);
    expect(refreshed.status).toBe(200);
    expect(urlsOf(refreshed.body).sort()).toEqual(urls.sort());
  });

  it('lists, reads, edits and deletes; an edit changes the feed at once', async () => {
    const { body } = await alice.createCustomTopic({ label: 'Energy', keywords: ['heat pumps'] });
    const id = body.topic.id;
    expect((await alice.customFeed(id)).body.stories).toHaveLength(1);

    const listed = await alice.customTopics();
    expect(listed.status).toBe(200);
    expect(listed.body.topics.map((topic: { id: string }) => topic.id)).toContain(id);
    expect((await alice.customTopic(id)).body.topic.label).toBe('Energy');

    const updated = await alice.updateCustomTopic(id, {
      label: 'Gardening and energy',
      sites: ['gardenersworld.test'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.topic).toMatchObject({ label: 'Gardening and energy', keywords: ['heat pumps'] });
    const edited = await alice.customFeed(id);
    // A new version of the topic's sources is a new cache entry: built now, not the old copy.
    expect(edited.headers.get('x-cache')).toBe('miss');
    expect(urlsOf(edited.body)).toEqual(expect.arrayContaining([HEAT_PUMPS.url, ON_SITE.url]));

    expect((await alice.deleteCustomTopic(id)).status).toBe(204);
    expect((await alice.customTopic(id)).status).toBe(404);
    expect((await alice.customFeed(id)).status).toBe(404);
    expect((await alice.deleteCustomTopic(id)).status).toBe(404);
  });
});
