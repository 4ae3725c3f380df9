import type { ResponderRequest } from '@perplexica/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY,
  daysFromNow,
  OPENAI_KEY,
  startTravelService,
  startWorld,
  type TravelServiceUnderTest,
  travelClient,
  type World,
  withModel,
} from './harness.ts';
import { travelCorpus } from './travel-corpus.ts';

let world: World;
let travel: TravelServiceUnderTest;
let client: ReturnType<typeof travelClient>;
beforeAll(async () => {
  world = await startWorld();
  travel = await startTravelService({ ...world.env, ...withModel(world), MODEL_TIMEOUT_MS: '1000' });
  client = travelClient(travel.url, await travel.userToken());
});
afterEach(() => world.openai.reset());
afterAll(async () => {
  await travel?.close();
  await world?.close();
});

const promptOf = (request: ResponderRequest) =>
  request.messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');

/** The numbers the prompt gave its sources, as "[n] title" lines. */
const sourceNumbers = (prompt: string) =>
  [...prompt.matchAll(/^\[(\d+)\] /gm)].map((match) => Number(match[1]));

/**
 * A model that plans from the prompt's dates and sources, and misbehaves a little the way models
 * do: one citation of a number it was never given, one item citing nothing real, "[a, b]" lists.
 */
function plannerModel(request: ResponderRequest) {
  const prompt = promptOf(request);
  const dates = prompt.match(/^Trip dates: (.+)$/m)?.[1]?.split(', ') ?? [];
  const [a = 1, b = 2, c = 3, d = 4] = sourceNumbers(prompt);
  const plan = {
    days: dates.map((date, index) => ({
      date,
      items: [
        {
          time: 'morning',
          title: index === 0 ? 'Belém Tower' : 'Alfama walk',
          description: `Start at the riverside fortification [${a}][99].`,
          place: index === 0 ? 'Belém Tower' : null,
        },
        {
          time: 'afternoon',
          title: 'Tiles',
          description: `See the azulejos [${b}, ${c}].`,
          place: 'Museu do Azulejo',
        },
        {
          time: 'evening',
          title: 'Invented bar',
          description: 'A bar nobody wrote about [77].',
          place: null,
        },
        { time: 'evening', title: 'Dinner', description: `Grilled sardines in Alfama [${d}].`, place: '' },
      ],
    })),
  };
  return { content: JSON.stringify(plan) };
}

describe('POST /api/v1/travel/itineraries with a model', () => {
  it('asks for structured output at a low temperature and serves only grounded, cited items', async () => {
    world.openai.setResponder(plannerModel);
    const trip = {
      destination: 'Lisbon',
      startDate: daysFromNow(20),
      endDate: daysFromNow(21),
      interests: ['tiles'],
    };
    const response = await client.itinerary(trip);
    expect(response.status).toBe(200);

    const call = world.openai.calls.find((entry) => entry.path === '/v1/chat/completions');
    expect(call?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    const sent = call?.body as Record<string, any>;
    expect(sent.temperature).toBeLessThanOrEqual(0.3);
    expect(sent.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: {
        name: 'itinerary',
        strict: true,
        schema: { type: 'object', required: ['days'], additionalProperties: false },
      },
    });
    const item = sent.response_format.json_schema.schema.properties.days.items.properties.items.items;
    expect(item.required).toEqual(['time', 'title', 'description', 'place']);
    expect(item.properties.time.enum).toEqual(['morning', 'afternoon', 'evening']);
    const prompt = sent.messages.map((message: { content: string }) => message.content).join('\n');
    expect(prompt).toContain('Lisbon');
    expect(prompt).toContain(trip.startDate);
    expect(prompt).toContain('tiles');

    const plan = response.body;
    expect(plan).toMatchObject({ model: 'gpt-4o-mini', mode: 'model', destination: 'Lisbon' });
    expect(plan.notice).toBeUndefined();
    expect(plan.days.map((day: { date: string }) => day.date)).toEqual([trip.startDate, trip.endDate]);
    const [first] = plan.days;
    expect(first.items.map((entry: { title: string }) => entry.title)).toEqual([
      'Belém Tower',
      'Tiles',
      'Dinner',
    ]);
    expect(first.items[0]).toMatchObject({
      description: 'Start at the riverside fortification [1].',
      place: 'Belém Tower',
    });
    expect(first.items[1].description).toBe('See the azulejos [2][3].');
    expect(first.items[2].place).toBeNull();

    // Every citation maps to a listed source; every listed source is cited and came from search.
    const cited = new Set<number>(
      plan.days.flatMap((day: { items: { description: string }[] }) =>
        day.items.flatMap((entry) =>
          [...entry.description.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])),
        ),
      ),
    );
    expect(plan.sources.map((source: { n: number }) => source.n)).toEqual([...cited].sort((x, y) => x - y));
    const corpus = new Map(travelCorpus.map((doc) => [doc.url, doc]));
    for (const source of plan.sources) {
      expect(corpus.get(source.url)?.title).toBe(source.title);
      expect(prompt).toContain(`[${source.n}] ${source.title}\nURL: ${source.url}`);
    }
  });

  it('a model answer citing nothing it was given is 502, and nothing is cached', async () => {
    world.openai.setResponder(() => ({
      content: JSON.stringify({
        days: [
          {
            date: daysFromNow(25),
            items: [{ time: 'morning', title: 'x', description: 'No sources.', place: null }],
          },
        ],
      }),
    }));
    const trip = { destination: 'Kyoto', startDate: daysFromNow(25), endDate: daysFromNow(25) };
    const response = await client.itinerary(trip);
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('bad_gateway');
    world.openai.setResponder(() => ({ content: 'Sure! Here is your plan: day one, temples.' }));
    expect((await client.itinerary(trip)).status).toBe(502);
    world.openai.setResponder(plannerModel);
    expect((await client.itinerary(trip)).headers.get('x-cache')).toBe('miss');
  });

  it('serves a stale plan while the model fails, then 502 (failing) or 504 (silent) with nothing cached', async () => {
    world.openai.setResponder(plannerModel);
    const trip = { destination: 'Lisbon', startDate: daysFromNow(33), endDate: daysFromNow(33) };
    expect((await client.itinerary(trip)).headers.get('x-cache')).toBe('miss');
    travel.clock.advance(2 * DAY);
    world.openai.setMode('error500');
    const stale = await client.itinerary(trip);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    await expect.poll(() => travel.logs.text()).toContain('serving the stale copy');

    const fresh = { destination: 'Lisbon', startDate: daysFromNow(34), endDate: daysFromNow(34) };
    const failing = await client.itinerary(fresh);
    expect(failing.status).toBe(502);
    expect(failing.body.error.code).toBe('bad_gateway');
    world.openai.setMode('rate_limited');
    expect((await client.itinerary(fresh)).status).toBe(502);
    world.openai.setMode('hang');
    const silent = await client.itinerary(fresh);
    expect(silent.status).toBe(504);
    expect(silent.body.error.code).toBe('gateway_timeout');
  });
});
