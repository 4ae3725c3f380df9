import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationsFor } from '../src/inspiration/curated-destinations.ts';
import { seasons, themes } from '../src/wire-schemas.ts';
import {
  DAY,
  refresh,
  SERVICE_TOKEN,
  startTravelService,
  startWorld,
  type TravelServiceUnderTest,
  travelClient,
  type World,
} from './harness.ts';

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

describe('the curated list', () => {
  it('has at least three destinations for every season and theme', () => {
    for (const season of seasons) {
      for (const theme of themes)
        expect(destinationsFor(season, theme).length, `${season}/${theme}`).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('GET /api/v1/travel/inspiration', () => {
  it('builds cards from the curated list with a blurb and a picture found by search', async () => {
    const response = await client.inspiration('season=summer&theme=beach');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('miss');
    expect(response.body).toMatchObject({
      season: 'summer',
      theme: 'beach',
      generatedAt: expect.any(String),
    });
    const expected = destinationsFor('summer', 'beach').map((destination) => destination.name);
    expect(response.body.cards.map((card: { destination: string }) => card.destination)).toEqual(expected);
    const [card] = response.body.cards;
    expect(card).toMatchObject({
      destination: 'Barcelona',
      country: 'Spain',
      blurb: expect.stringContaining('Barcelona'),
      source: { title: 'Barcelona travel guide', url: 'https://guides.travel.example/barcelona' },
      imageUrl: 'https://photos.travel.example/barcelona/full.jpg',
      imageSource: 'https://photos.travel.example/barcelona',
    });
  });

  it('defaults to this season (by the calendar) and the city theme', async () => {
    const response = await client.inspiration();
    expect(response.status).toBe(200);
    const month = new Date(travel.clock.now()).getUTCMonth();
    const season = ['winter', 'spring', 'summer', 'autumn'][Math.floor(((month + 1) % 12) / 3)];
    expect(response.body).toMatchObject({ season, theme: 'city' });
  });

  it('rejects an unknown season or theme with 400 naming the field', async () => {
    const season = await client.inspiration('season=monsoon');
    expect(season.status).toBe(400);
    expect(season.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'query.season' }],
    });
    const theme = await client.inspiration('theme=shopping');
    expect(theme.body.error.details[0].path).toBe('query.theme');
  });
});

describe('POST /internal/v1/cache/refresh', () => {
  it('is invisible without the service token', async () => {
    const response = await fetch(`${travel.url}/internal/v1/cache/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-service-token': `${SERVICE_TOKEN}-wrong` },
      body: '{}',
    });
    expect(response.status).toBe(404);
  });

  it('rebuilds every season and theme, then pages are served fresh without searching', async () => {
    const report = await refresh(travel.url, { deadlineMs: 120_000 });
    expect(report.status).toBe(200);
    expect(report.body.failed).toEqual([]);
    expect(report.body.skipped).toEqual([]);
    expect(report.body.refreshed).toHaveLength(24);
    expect(report.body.refreshed).toContain('inspiration:winter:adventure');
    expect(report.body.durationMs).toBeGreaterThanOrEqual(0);
    const searches = world.searxng.searchCount();
    const page = await client.inspiration('season=winter&theme=adventure');
    expect(page.headers.get('x-cache')).toBe('fresh');
    expect(page.body.cards.length).toBeGreaterThanOrEqual(3);
    expect(world.searxng.searchCount()).toBe(searches);
  });

  it('accepts an empty body (the default deadline)', async () => {
    const response = await fetch(`${travel.url}/internal/v1/cache/refresh`, {
      method: 'POST',
      headers: { 'x-service-token': SERVICE_TOKEN },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { refreshed: string[] }).refreshed).toHaveLength(24);
  });

  it('starts nothing past its deadline and reports those keys as skipped', async () => {
    const searches = world.searxng.searchCount();
    const report = await refresh(travel.url, { deadlineMs: 0 });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ refreshed: [], failed: [] });
    expect(report.body.skipped).toHaveLength(24);
    expect(world.searxng.searchCount()).toBe(searches);
  });

  it('answers by the deadline while searches hang, the unfinished keys skipped', async () => {
    const impatient = await startTravelService({ ...world.env, SEARCH_TIMEOUT_MS: '60000' });
    world.searxng.setMode('hang');
    try {
      const report = await refresh(impatient.url, { deadlineMs: 300 });
      expect(report.status).toBe(200);
      expect(report.body.refreshed).toEqual([]);
      expect(report.body.skipped).toHaveLength(24);
    } finally {
      world.searxng.setMode('ok');
      await impatient.close();
    }
  });

  it('reports each failed key with its reason while the pages keep their previous cards', async () => {
    await refresh(travel.url);
    travel.clock.advance(2 * DAY);
    world.searxng.setMode('error500');
    try {
      const report = await refresh(travel.url, { deadlineMs: 60_000 });
      expect(report.status).toBe(200);
      expect(report.body.refreshed).toEqual([]);
      expect(report.body.failed).toHaveLength(24);
      expect(report.body.failed[0]).toEqual({
        key: expect.stringMatching(/^inspiration:/),
        reason: expect.stringContaining('Search failed'),
      });
      const page = await client.inspiration('season=spring&theme=food');
      expect(page.status).toBe(200);
      expect(page.headers.get('x-cache')).toBe('stale');
      expect(page.body.cards.length).toBeGreaterThan(0);
    } finally {
      world.searxng.setMode('ok');
    }
  });

  it('rejects a malformed deadline with 400', async () => {
    const response = await refresh(travel.url, { deadlineMs: -5 });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('body.deadlineMs');
  });
});

describe('inspiration with nothing cached and search down', () => {
  it('is 502', async () => {
    const cold = await startTravelService(world.env);
    world.searxng.setMode('error500');
    try {
      const response = await travelClient(cold.url, await cold.userToken()).inspiration(
        'season=autumn&theme=nature',
      );
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('bad_gateway');
    } finally {
      world.searxng.setMode('ok');
      await cold.close();
    }
  });
});
