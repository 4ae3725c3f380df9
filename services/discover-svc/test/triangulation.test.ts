import { LONE_REPORT, OVERLAPPING_NEWS, TRAIN_DERAILMENT } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimFacts, conflictingFacts } from '../src/news/claim-facts.ts';
import {
  type DiscoverServiceUnderTest,
  discoverClient,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';

let world: World;
let svc: DiscoverServiceUnderTest;
let reader: ReturnType<typeof discoverClient>;

beforeAll(async () => {
  world = await startWorld({ corpus: [...OVERLAPPING_NEWS] });
  svc = await startDiscoverService(world, {
    DISCOVER_TOPICS: 'rail=train derailment|valbury;energy=solar farm',
    DISCOVER_FEEDS: '',
  });
  reader = discoverClient(svc.url, await svc.userToken('reader'));
});
afterAll(async () => {
  await svc?.close();
  await world?.close();
});

interface FeedStory {
  id: string;
  outlets: string[];
  sources: Array<{ n: number; url: string; outlet: string }>;
  triangulated: boolean;
}

async function storyOf(topic: string, url: string): Promise<FeedStory> {
  const response = await reader.feed(`topic=${topic}`);
  expect(response.status).toBe(200);
  const story = (response.body.stories as FeedStory[]).find((candidate) =>
    candidate.sources.some((source) => source.url === url),
  );
  expect(story).toBeDefined();
  return story as FeedStory;
}

describe('GET /api/v1/discover/stories/:id/triangulation', () => {
  it('says where three outlets agree, where they differ on a number, and what one alone reports', async () => {
    const story = await storyOf('rail', TRAIN_DERAILMENT[0]?.url as string);
    expect(story.outlets.sort()).toEqual(['apnews.com', 'bbc.co.uk', 'reuters.com']);
    // The feed says there is a triangulation but does not carry it: pages stay small.
    expect(story.triangulated).toBe(true);
    expect(story).not.toHaveProperty('triangulation');
    const n = (outlet: string) => story.sources.find((source) => source.outlet === outlet)?.n as number;
    const [reuters, bbc, ap] = [n('reuters.com'), n('bbc.co.uk'), n('apnews.com')];
    const sorted = (...values: number[]) => values.sort((a, b) => a - b);

    const response = await reader.triangulation(story.id, 'rail');
    expect(response.status).toBe(200);
    expect(response.body.story.id).toBe(story.id);
    expect(response.body.sources).toEqual(story.sources);
    const { agreements, differences, singleSource } = response.body.triangulation;

    expect(agreements).toEqual([
      {
        claim: 'A Northline passenger train derailed near Valbury on Tuesday morning.',
        outlets: sorted(reuters, bbc, ap),
      },
      { claim: 'Northline suspended all services on the line.', outlets: sorted(reuters, ap) },
    ]);
    // "Three killed" (Reuters, BBC) against "five killed" (AP) is a difference, never an agreement.
    expect(differences).toEqual([
      {
        topic: 'people killed derailment',
        differsOn: ['numbers'],
        positions: [
          {
            claim: 'Three people were killed in the derailment, police said.',
            outlets: sorted(reuters, bbc),
          },
          {
            claim: 'Five people were killed in the derailment, according to the regional fire service.',
            outlets: [ap],
          },
        ],
      },
    ]);
    expect(singleSource).toEqual([
      { claim: 'Investigators believe a broken rail caused the crash.', outlets: [bbc] },
    ]);
    // Every citation indexes one of the story's sources.
    const cited = [
      ...agreements.flatMap((entry: { outlets: number[] }) => entry.outlets),
      ...differences.flatMap((entry: { positions: Array<{ outlets: number[] }> }) =>
        entry.positions.flatMap((position) => position.outlets),
      ),
      ...singleSource.flatMap((entry: { outlets: number[] }) => entry.outlets),
    ];
    const numbers = new Set(story.sources.map((source) => source.n));
    expect(cited.every((value) => numbers.has(value))).toBe(true);
  });

  it('a story from one outlet has no triangulation (null), and the feed says so', async () => {
    const story = await storyOf('energy', LONE_REPORT.url);
    expect(story.outlets).toEqual(['harbourherald.test']);
    expect(story.triangulated).toBe(false);
    const response = await reader.triangulation(story.id, 'energy');
    expect(response.status).toBe(200);
    expect(response.body.triangulation).toBeNull();
  });

  it('an unknown story, a story of another topic, or an unknown topic is 404', async () => {
    const story = await storyOf('rail', TRAIN_DERAILMENT[0]?.url as string);
    for (const [id, topic] of [
      ['0123456789abcdef', 'rail'],
      [story.id, 'energy'],
      [story.id, 'astrology'],
      // Looks like a custom topic, but nobody has it.
      [story.id, '7d9f2a50-3c61-4c1e-9a55-2f7d61b1e0aa'],
    ] as const) {
      const response = await reader.triangulation(id, topic);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });
});

describe('claim facts', () => {
  const facts = (sentence: string) => claimFacts(sentence, new Set());

  it('reads numbers written as words or digits, and tells different ones apart', () => {
    expect([...facts('Three people died.').numbers]).toEqual(['3']);
    expect([...facts('About 1,000 homes lost power.').numbers]).toEqual(['1000']);
    expect([...facts('The deal is worth 2.5 billion dollars.').numbers]).toEqual(['2500000000']);
    expect(conflictingFacts(facts('3 dead in the flood.'), facts('5 dead in the flood.'))).toEqual([
      'numbers',
    ]);
    expect(conflictingFacts(facts('3 dead in the flood.'), facts('Three dead and 40 hurt.'))).toEqual([]);
  });

  it('dates and names must match too', () => {
    expect(conflictingFacts(facts('It opened on Monday.'), facts('It opened on Friday.'))).toEqual(['dates']);
    expect(conflictingFacts(facts('Police arrested Smith.'), facts('Police arrested Jones.'))).toEqual([
      'names',
    ]);
    // One account naming more than the other is more detail, not another account.
    expect(
      conflictingFacts(facts('A train run by Northline hit Valbury.'), facts('A train hit Valbury.')),
    ).toEqual([]);
  });
});
