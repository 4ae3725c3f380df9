import type { ResponderRequest } from '@perplexica/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_PROMPT } from '../src/news/model-summary.ts';
import {
  citations,
  type DiscoverServiceUnderTest,
  discoverClient,
  OPENAI_KEY,
  openAiEnv,
  refresh,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';
import { MOON_LANDING, SPORTS_RESULTS } from './news-corpus.ts';

let world: World;
let svc: DiscoverServiceUnderTest;
let reader: ReturnType<typeof discoverClient>;

/** The last user message of a chat request: the numbered reports. */
const reportsOf = (request: { messages: ResponderRequest['messages'] }) =>
  String(request.messages.findLast((message) => message.role === 'user')?.content ?? '');

/**
 * A model that cites the first two reports, and invents a third citation the service must drop.
 */
function citingModel(request: ResponderRequest) {
  const numbers = [...reportsOf(request).matchAll(/^\[(\d+)\] /gm)].map((match) => Number(match[1]));
  const summary =
    numbers.length > 1
      ? `Several outlets report the same event [1][2]. One detail is invented [${numbers.length + 5}].`
      : 'One outlet reports it [1].';
  return { content: JSON.stringify({ summary }) };
}

beforeAll(async () => {
  world = await startWorld();
  world.openai.setResponder(citingModel);
  svc = await startDiscoverService(world, { ...openAiEnv(world), DISCOVER_MODEL_SUMMARIES: '12' });
  reader = discoverClient(svc.url, await svc.userToken('reader'));
});
afterEach(() => {
  world.openai.setMode('ok');
});
afterAll(async () => {
  await svc?.close();
  await world?.close();
});

interface Story {
  id: string;
  summary: string;
  summaryKind: string;
  sources: Array<{ n: number; title: string; url: string; outlet: string }>;
}

describe('summaries written by the configured model', () => {
  it('cite only real sources: an invented [n] is dropped', async () => {
    const { status, body } = await reader.feed('topic=science');
    expect(status).toBe(200);
    expect(body.summaryModel).toBe('openai:gpt-4o-mini');
    const moon = body.stories.find((story: Story) =>
      story.sources.some((source) => source.url === MOON_LANDING[0]?.url),
    ) as Story;
    expect(moon.summaryKind).toBe('model');
    expect(moon.summary).toBe('Several outlets report the same event [1][2]. One detail is invented.');
    for (const story of body.stories as Story[]) {
      expect(story.summaryKind).toBe('model');
      for (const n of citations(story.summary)) {
        expect(story.sources.map((source) => source.n)).toContain(n);
      }
    }
  });

  it('ask for structured JSON at temperature 0, giving the reports numbered as the sources are', async () => {
    const { body } = await reader.feed('topic=science');
    const moon = body.stories.find((story: Story) =>
      story.sources.some((source) => source.url === MOON_LANDING[0]?.url),
    ) as Story;
    const asked = world.openai.calls
      .filter((request) => request.path === '/v1/chat/completions')
      .map((request) => request.body as ResponderRequest & { temperature: number; response_format: any })
      .find((request) => reportsOf(request).includes(moon.sources[0]?.title as string));
    expect(asked).toBeDefined();
    expect(asked?.temperature).toBe(0);
    expect(asked?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'story_summary', strict: true, schema: { required: ['summary'] } },
    });
    expect(asked?.messages[0]).toEqual({ role: 'system', content: SUMMARY_PROMPT });
    const reports = reportsOf(asked as ResponderRequest);
    for (const source of moon.sources) {
      expect(reports).toContain(`[${source.n}] ${source.outlet}`);
      expect(reports).toContain(source.title);
    }
    // The key goes to the provider, and nowhere into our logs.
    expect(world.openai.calls[0]?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(svc.logs.text()).not.toContain(OPENAI_KEY);
  });

  it('are written for the best DISCOVER_MODEL_SUMMARIES stories; the rest are extractive', async () => {
    const first = await reader.feed('topic=sports');
    const second = await reader.feed('topic=sports&page=2');
    expect(first.body.stories.every((story: Story) => story.summaryKind === 'model')).toBe(true);
    expect(second.body.stories).toHaveLength(SPORTS_RESULTS.length - 12);
    expect(second.body.stories.every((story: Story) => story.summaryKind === 'extractive')).toBe(true);
  });

  it('are remembered: rebuilding unchanged stories does not ask the model again', async () => {
    expect((await refresh(svc.url)).body.failed).toEqual([]);
    const asked = world.openai.chatCount();
    const again = await refresh(svc.url);
    expect(again.body.failed).toEqual([]);
    expect(world.openai.chatCount()).toBe(asked);
  });

  it('fall back to extractive ones when the model fails, and the feed is still served', async () => {
    const fresh = await startDiscoverService(world, openAiEnv(world));
    try {
      world.openai.setMode('error500');
      const before = world.openai.chatCount();
      const { status, body } = await discoverClient(fresh.url, await fresh.userToken('reader')).feed(
        'topic=science',
      );
      expect(status).toBe(200);
      expect(body.stories.length).toBeGreaterThan(0);
      for (const story of body.stories as Story[]) {
        expect(story.summaryKind).toBe('extractive');
        expect(citations(story.summary).length).toBeGreaterThan(0);
      }
      // After the first failure the build stops asking (only calls already running went out).
      expect(world.openai.chatCount() - before).toBeLessThanOrEqual(4);
      expect(fresh.logs.text()).toContain('model summary failed');
      expect(fresh.logs.text()).not.toContain(OPENAI_KEY);
    } finally {
      await fresh.close();
    }
  });

  it('fall back to extractive ones when the model cites nothing real', async () => {
    const fresh = await startDiscoverService(world, openAiEnv(world));
    try {
      world.openai.setResponder(() => ({ content: JSON.stringify({ summary: 'Something happened [99].' }) }));
      const { body } = await discoverClient(fresh.url, await fresh.userToken('reader')).feed('topic=science');
      expect(body.stories.every((story: Story) => story.summaryKind === 'extractive')).toBe(true);
    } finally {
      world.openai.setResponder(citingModel);
      await fresh.close();
    }
  });
});
