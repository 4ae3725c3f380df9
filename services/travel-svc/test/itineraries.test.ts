import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY,
  daysFromNow,
  startTravelService,
  startWorld,
  type TravelServiceUnderTest,
  travelClient,
  type World,
} from './harness.ts';
import { travelCorpus } from './travel-corpus.ts';

let world: World;
let travel: TravelServiceUnderTest;
let client: ReturnType<typeof travelClient>;
beforeAll(async () => {
  world = await startWorld();
  travel = await startTravelService(world.env);
  client = travelClient(travel.url, await travel.userToken());
});
afterAll(async () => {
  await travel?.close();
  await world?.close();
});

const corpusUrls = new Set(travelCorpus.map((doc) => doc.url));
const citationsOf = (text: string) => [...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));

describe('POST /api/v1/travel/itineraries without a model (extractive)', () => {
  it('plans every day from search results, one titled, cited source per slot, labelled extractive', async () => {
    const trip = {
      destination: 'Lisbon',
      startDate: daysFromNow(30),
      endDate: daysFromNow(31),
      interests: ['fado'],
    };
    const response = await client.itinerary(trip);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('miss');
    const plan = response.body;
    expect(plan).toMatchObject({
      destination: 'Lisbon',
      startDate: trip.startDate,
      endDate: trip.endDate,
      pace: 'moderate',
      interests: ['fado'],
      model: null,
      mode: 'extractive',
      notice: expect.stringContaining('extractive'),
    });
    expect(plan.days.map((day: { date: string }) => day.date)).toEqual([trip.startDate, trip.endDate]);
    const items = plan.days.flatMap((day: { items: unknown[] }) => day.items);
    // Moderate pace: morning, afternoon and evening on each of the two days.
    expect(plan.days.map((day: { items: { time: string }[] }) => day.items.map((item) => item.time))).toEqual(
      [
        ['morning', 'afternoon', 'evening'],
        ['morning', 'afternoon', 'evening'],
      ],
    );
    const sourceByN = new Map(plan.sources.map((source: { n: number }) => [source.n, source]));
    const used = new Set<number>();
    for (const item of items) {
      const cited = citationsOf(item.description);
      expect(cited).toHaveLength(1);
      const source = sourceByN.get(cited[0]!) as { title: string; url: string } | undefined;
      expect(source).toBeDefined();
      // The slot is the source itself: its title, its own snippet, never reused.
      const page = travelCorpus.find((doc) => doc.url === source!.url)!;
      expect(page).toBeDefined();
      expect(page.title.startsWith(item.title)).toBe(true);
      expect(item.description).toContain(page.content.slice(0, 40));
      expect(item.place).toBeNull();
      expect(used.has(cited[0]!)).toBe(false);
      used.add(cited[0]!);
    }
    // Every listed source is cited, and every one came from the search.
    expect(plan.sources.map((source: { n: number }) => source.n).sort()).toEqual([...used].sort());
    for (const source of plan.sources) expect(corpusUrls.has(source.url)).toBe(true);
  });

  it('serves the same plan from the cache, for the destination however it is written', async () => {
    const trip = {
      destination: 'Kyoto',
      startDate: daysFromNow(40),
      endDate: daysFromNow(40),
      pace: 'relaxed',
    };
    const first = await client.itinerary(trip);
    expect(first.status).toBe(200);
    const searches = world.searxng.searchCount();
    const again = await client.itinerary({ ...trip, destination: '  kyoto ' });
    expect(again.headers.get('x-cache')).toBe('fresh');
    expect(Number(again.headers.get('cache-control')?.match(/max-age=(\d+)/)?.[1])).toBeGreaterThan(80_000);
    expect(again.body).toEqual(first.body);
    expect(world.searxng.searchCount()).toBe(searches);
    // Different inputs are a different plan.
    const packed = await client.itinerary({ ...trip, pace: 'packed' });
    expect(packed.headers.get('x-cache')).toBe('miss');
  });

  it('says so when the results run out, instead of repeating places', async () => {
    const response = await client.itinerary({
      destination: 'Kyoto',
      startDate: daysFromNow(50),
      endDate: daysFromNow(70),
      pace: 'packed',
    });
    expect(response.status).toBe(200);
    expect(response.body.days).toHaveLength(21);
    expect(response.body.notice).toContain('too few results');
    const cited = response.body.days.flatMap((day: { items: { description: string }[] }) =>
      day.items.flatMap((item) => citationsOf(item.description)),
    );
    expect(new Set(cited).size).toBe(cited.length);
  });

  it('a place search knows nothing about is 404, not an empty plan', async () => {
    const response = await client.itinerary({
      destination: 'Qwxzyvillé',
      startDate: daysFromNow(10),
      endDate: daysFromNow(11),
    });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('Qwxzyvillé'),
    });
  });
});

describe('itineraries when search fails', () => {
  it('keeps serving a stale plan while search is down, and refreshes it once search is back', async () => {
    const trip = {
      destination: 'Lisbon',
      startDate: daysFromNow(60),
      endDate: daysFromNow(60),
      interests: ['tiles'],
    };
    expect((await client.itinerary(trip)).headers.get('x-cache')).toBe('miss');
    travel.clock.advance(2 * DAY);
    world.searxng.setMode('error500');
    try {
      const stale = await client.itinerary(trip);
      expect(stale.status).toBe(200);
      expect(stale.headers.get('x-cache')).toBe('stale');
      expect(stale.headers.get('cache-control')).toBe('private, max-age=0');
      await expect.poll(() => travel.logs.text()).toContain('serving the stale copy');
    } finally {
      world.searxng.setMode('ok');
    }
    await expect
      .poll(async () => (await client.itinerary(trip)).headers.get('x-cache'), { timeout: 10_000 })
      .toBe('fresh');
  });

  it('is 502 when search fails and nothing is cached', async () => {
    world.searxng.setMode('error500');
    try {
      const response = await client.itinerary({
        destination: 'Lisbon',
        startDate: daysFromNow(90),
        endDate: daysFromNow(91),
      });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('bad_gateway');
    } finally {
      world.searxng.setMode('ok');
    }
  });

  it('is 504 when search does not answer in time and nothing is cached', async () => {
    const impatient = await startTravelService({ ...world.env, SEARCH_TIMEOUT_MS: '300' });
    world.searxng.setMode('hang');
    try {
      const response = await travelClient(impatient.url, await impatient.userToken()).itinerary({
        destination: 'Lisbon',
        startDate: daysFromNow(92),
        endDate: daysFromNow(92),
      });
      expect(response.status).toBe(504);
      expect(response.body.error.code).toBe('gateway_timeout');
    } finally {
      world.searxng.setMode('ok');
      await impatient.close();
    }
  });
});
