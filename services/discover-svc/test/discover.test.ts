import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUrl } from '../src/news/canonical-url.ts';
import { storyIdOf } from '../src/news/story.ts';
import {
  citations,
  type DiscoverServiceUnderTest,
  discoverClient,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';
import {
  LAST_WEEK,
  MOON_LANDING,
  NEWS_CORPUS,
  QUANTUM_CHIP,
  RATE_RISE,
  SPORTS_RESULTS,
} from './news-corpus.ts';

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

interface Source {
  n: number;
  title: string;
  url: string;
  outlet: string;
  publishedDate: string | null;
}
interface Story {
  id: string;
  title: string;
  summary: string;
  summaryKind: string;
  image: string | null;
  sources: Source[];
  publishedAt: string | null;
  outlets: string[];
}

const storyWith = (stories: Story[], url: string) =>
  stories.find((story) => story.sources.some((source) => source.url === url));

/** The corpus text a source's snippet came from. */
const snippetOf = (url: string) => NEWS_CORPUS.find((doc) => doc.url === url)?.content ?? '';

describe('GET /api/v1/discover?topic=', () => {
  it('clusters the outlets reporting one event into one story, with numbered sources', async () => {
    const response = await reader.feed('topic=science');
    expect(response.status).toBe(200);
    expect(response.body.topic).toEqual({ id: 'science', label: 'Science' });
    const stories: Story[] = response.body.stories;
    const moon = storyWith(stories, MOON_LANDING[0]?.url as string) as Story;
    expect(moon.id).toBe(storyIdOf(canonicalUrl(MOON_LANDING[0]?.url as string)));
    expect(moon.title).toBe("NASA's Artemis lander touches down near the Moon's south pole");
    expect(moon.outlets.sort()).toEqual(['apnews.com', 'bbc.co.uk', 'reuters.com']);
    expect(moon.sources).toEqual(
      moon.sources.map((source, index) => expect.objectContaining({ ...source, n: index + 1 })),
    );
    expect(moon.sources.map((source) => source.outlet).sort()).toEqual(moon.outlets.sort());
    expect(moon.image).toBe('https://cdn.reuters.test/artemis-lander.jpg');
    // The most widely reported story of the day leads the topic.
    expect(stories[0]?.id).toBe(moon.id);
    // The crew announcement shares "NASA" and "Moon" with it but is another story.
    const crew = storyWith(stories, 'https://www.space.com/nasa-names-crew-next-moon-mission') as Story;
    expect(crew.id).not.toBe(moon.id);
    expect(crew.sources).toHaveLength(1);
  });

  it('summarises extractively without a model: lede sentences word for word, each citing a real source', async () => {
    const { body } = await reader.feed('topic=finance');
    expect(body.summaryModel).toBeNull();
    const rates = storyWith(body.stories, RATE_RISE[0]?.url as string) as Story;
    expect(rates.sources).toHaveLength(3);
    expect(rates.summaryKind).toBe('extractive');
    const cited = citations(rates.summary);
    expect(cited.length).toBeGreaterThanOrEqual(2);
    for (const sentence of rates.summary.split(/(?<=\[\d+\])\s+/)) {
      const [, text, n] = /^(.*) \[(\d+)\]$/.exec(sentence) ?? [];
      const source = rates.sources.find((candidate) => candidate.n === Number(n));
      expect(source).toBeDefined();
      expect(snippetOf(source?.url as string)).toContain(text);
    }
  });

  it('asks search-svc for news of the day, several searches per topic, and widens a thin day to the week', async () => {
    const { body } = await reader.feed('topic=science');
    const searches = world.searxng.calls.filter((request) => request.path === '/search');
    const science = searches.filter((request) =>
      ['moon', 'mars', 'comet'].includes(request.query.q as string),
    );
    expect(new Set(science.map((request) => request.query.q))).toEqual(new Set(['moon', 'mars', 'comet']));
    expect(science.every((request) => request.query.categories === 'news')).toBe(true);
    expect(new Set(science.map((request) => request.query.time_range))).toEqual(new Set(['day', 'week']));
    // Four days old: found only because the day had too few articles.
    expect(storyWith(body.stories, LAST_WEEK.url)).toBeDefined();
  });

  it('keeps to the day when the day has enough articles', async () => {
    const dayOnly = await startDiscoverService(world, { DISCOVER_MIN_ARTICLES: '0' });
    try {
      const client = discoverClient(dayOnly.url, await dayOnly.userToken('reader'));
      const { body } = await client.feed('topic=science');
      expect(storyWith(body.stories, LAST_WEEK.url)).toBeUndefined();
      expect(storyWith(body.stories, MOON_LANDING[0]?.url as string)).toBeDefined();
    } finally {
      await dayOnly.close();
    }
  });

  it('de-duplicates articles found by several searches or under several URLs', async () => {
    const { body } = await reader.feed('topic=top');
    const keys = body.stories.flatMap((story: Story) =>
      story.sources.map((source) => canonicalUrl(source.url)),
    );
    expect(new Set(keys).size).toBe(keys.length);
    // top searches all three events; each is one story.
    for (const event of [MOON_LANDING, QUANTUM_CHIP, RATE_RISE]) {
      const matching = body.stories.filter((story: Story) =>
        story.sources.some((source) => event.some((doc) => doc.url === source.url)),
      );
      expect(matching).toHaveLength(1);
    }
  });

  it('reads the topic RSS feed through search-svc: its items join the stories they report, HTML made text', async () => {
    const { body } = await reader.feed('topic=tech');
    const chip = storyWith(body.stories, QUANTUM_CHIP[0]?.url as string) as Story;
    expect(chip.outlets.sort()).toEqual(['arstechnica.com', 'engadget.com', 'theverge.com', 'wired.com']);
    // feed-extractor drops the link's tracking parameters.
    const ladybug = storyWith(body.stories, 'https://blog.ladybug.test/posts/ladybug-1-0') as Story;
    expect(ladybug.title).toBe('Open-source browser engine Ladybug ships its first stable release');
    expect(ladybug.summary).toBe(
      'The Ladybug browser engine reached 1.0 after six years of development. [1]',
    );
    // Two months old: not news, whatever the feed still lists.
    expect(storyWith(body.stories, 'https://blog.ladybug.test/posts/old')).toBeUndefined();
    expect(world.site.calls.some((request) => request.path === '/tech.xml')).toBe(true);
  });

  it('serves from the cache: a miss first, then fresh, with cache headers', async () => {
    const first = await reader.feed('topic=finance&page=1');
    expect(first.headers.get('x-cache')).toMatch(/^(miss|fresh)$/);
    const searchesBefore = world.searxng.searchCount();
    const second = await reader.feed('topic=finance');
    expect(second.headers.get('x-cache')).toBe('fresh');
    expect(second.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(second.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(
      600,
    );
    expect(second.body.stories).toEqual(first.body.stories);
    expect(world.searxng.searchCount()).toBe(searchesBefore);
  });

  it('defaults to the top topic and pages of 12', async () => {
    const top = await reader.feed();
    expect(top.body.topic.id).toBe('top');
    const first = await reader.feed('topic=sports');
    expect(first.body).toMatchObject({ page: 1, pageSize: 12, totalPages: 2, hasMore: true });
    expect(first.body.stories).toHaveLength(12);
    const second = await reader.feed('topic=sports&page=2');
    expect(second.body).toMatchObject({ page: 2, totalPages: 2, hasMore: false });
    expect(second.body.stories).toHaveLength(SPORTS_RESULTS.length - 12);
    const ids = [...first.body.stories, ...second.body.stories].map((story: Story) => story.id);
    expect(new Set(ids).size).toBe(SPORTS_RESULTS.length);
    // Newest first among stories with one outlet each.
    const dates = [...first.body.stories, ...second.body.stories].map((story: Story) => story.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe('GET /api/v1/discover/topics', () => {
  it('lists the configured topics in order, none followed at first', async () => {
    const { status, body } = await reader.topics();
    expect(status).toBe(200);
    expect(body.topics).toEqual([
      { id: 'top', label: 'Top', followed: false },
      { id: 'tech', label: 'Tech', followed: false },
      { id: 'science', label: 'Science', followed: false },
      { id: 'finance', label: 'Finance', followed: false },
      { id: 'sports', label: 'Sports', followed: false },
    ]);
  });
});
