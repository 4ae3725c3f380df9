import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answerText,
  ask,
  type ChatServiceUnderTest,
  eventOf,
  type Neighbours,
  startChatService,
  startNeighbours,
  storedThread,
} from './harness.ts';

let world: Neighbours;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };

beforeAll(async () => {
  world = await startNeighbours();
  chat = await startChatService(world);
});
afterAll(async () => {
  await chat?.closeAll();
  await world?.close();
});
beforeEach(() => {
  world.openai.reset();
  world.searxng.setMode('ok');
});

const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';

describe('POST /api/v1/chat', () => {
  it('streams meta, sources, deltas, related and done, each with an id, and saves the answer', async () => {
    const token = await chat.token('user-a');
    const result = await ask(chat, token, { query: QUESTION, mode: 'speed', focus: 'web' });
    expect(result.status).toBe(200);
    const names = result.events.map((event) => event.event);
    expect(names[0]).toBe('meta');
    expect(names.indexOf('sources')).toBeLessThan(names.indexOf('delta'));
    expect(names.at(-2)).toBe('related');
    expect(names.at(-1)).toBe('done');
    const ids = result.events.map((event) => Number(event.id));
    expect(ids).toEqual(ids.map((_, index) => index + 1));

    const meta = eventOf(result.events, 'meta')?.data;
    expect(meta).toMatchObject({
      model: 'gpt-4o-mini',
      mode: 'speed',
      focus: 'web',
      unresponsiveEngines: [],
    });
    expect(meta.threadId).toBe(result.headers.get('x-thread-id'));
    expect(meta.messageId).toBe(result.headers.get('x-message-id'));

    const sources = eventOf(result.events, 'sources')?.data.sources;
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.map((source: { n: number }) => source.n)).toEqual(
      sources.map((_: unknown, i: number) => i + 1),
    );
    expect(sources[0].url).toContain('Photosynthesis');

    const answer = answerText(result.events);
    const cited = [...answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(cited.length).toBeGreaterThan(0);
    for (const n of cited) {
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(sources.length);
    }

    const related = eventOf(result.events, 'related')?.data.questions;
    expect(related.length).toBeGreaterThanOrEqual(3);
    expect(related.length).toBeLessThanOrEqual(5);
    const done = eventOf(result.events, 'done')?.data;
    expect(done.status).toBe('complete');
    expect(done.usage.modelCalls).toBe(1);
    expect(world.openai.chatCount()).toBeLessThanOrEqual(2);

    const stored = await storedThread(world.library, meta.threadId, 'user-a');
    expect(stored.status).toBe(200);
    expect(stored.body.messages).toHaveLength(1);
    expect(stored.body.messages[0]).toMatchObject({ query: QUESTION, answer, status: 'complete' });
  });

  it('repairs citations the model invents outside the sources it was given', async () => {
    world.openai.setResponder(() => ({
      content: 'Plants use light [1]. Also see [42] and [1, 99] and [0].',
    }));
    const result = await ask(chat, await chat.token(), { query: QUESTION });
    const answer = answerText(result.events);
    expect(answer).toBe('Plants use light [1]. Also see  and [1] and .');
  });

  it('answers a follow-up with the thread history in the model messages', async () => {
    const token = await chat.token('user-a');
    const first = await ask(chat, token, { query: QUESTION });
    const threadId = eventOf(first.events, 'meta')?.data.threadId;
    const seen: string[] = [];
    world.openai.setResponder((request) => {
      seen.push(JSON.stringify(request.messages));
      return { content: 'It happens in chloroplasts [1].' };
    });
    const second = await ask(chat, token, { query: 'Where in the cell does it happen?', threadId });
    expect(eventOf(second.events, 'done')).toBeDefined();
    expect(eventOf(second.events, 'meta')?.data.threadId).toBe(threadId);
    // The rewrite call and the answer call both carry the earlier question and answer.
    expect(seen).toHaveLength(2);
    for (const messages of seen) {
      expect(messages).toContain(QUESTION);
      expect(messages).toContain(answerText(first.events).slice(0, 40));
    }
    const stored = await storedThread(world.library, threadId, 'user-a');
    expect(stored.body.messages).toHaveLength(2);
  });
});
