import { startFakeOpenAI } from '@perplexica/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answerText,
  ask,
  eventOf,
  type Neighbours,
  readSse,
  startChatService,
  startNeighbours,
  storedThread,
} from './harness.ts';

let world: Neighbours;
let chat: Awaited<ReturnType<typeof startChatService>>;

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
  world.searxng.setUnresponsiveEngines([]);
});

const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';
const longAnswer = () => ({
  content: `${Array.from({ length: 40 }, (_, i) => `Sentence ${i} about light [1].`).join(' ')}`,
});

describe('failures', () => {
  it('search down: the answer still streams and says sources were unavailable', async () => {
    world.searxng.setMode('error500');
    const result = await ask(chat, await chat.token(), { query: QUESTION });
    expect(eventOf(result.events, 'meta')?.data.searchUnavailable).toBe(true);
    expect(answerText(result.events)).toContain('Web sources were unavailable');
    expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
  });

  it("surfaces SearXNG's unresponsive engines in meta", async () => {
    world.searxng.setUnresponsiveEngines([['google', 'timeout']]);
    const result = await ask(chat, await chat.token(), { query: 'photosynthesis chlorophyll light energy' });
    expect(eventOf(result.events, 'meta')?.data.unresponsiveEngines).toEqual([
      expect.objectContaining({ engine: 'google' }),
    ]);
  });

  it.each([
    ['rate_limited', 'rate_limited'],
    ['error500', 'bad_gateway'],
    ['hang', 'gateway_timeout'],
  ] as const)('model %s → a readable error event, message saved failed', async (mode, code) => {
    world.openai.setMode(mode);
    const result = await ask(chat, await chat.token('user-f'), { query: QUESTION });
    const error = eventOf(result.events, 'error')?.data;
    expect(error).toMatchObject({ code, status: 'failed' });
    expect(error.message.length).toBeGreaterThan(10);
    expect(eventOf(result.events, 'done')).toBeUndefined();
    const threadId = eventOf(result.events, 'meta')?.data.threadId;
    const stored = await storedThread(world.library, threadId, 'user-f');
    expect(stored.body.messages[0].status).toBe('failed');
  });

  it('model failing mid-stream → error event, the partial answer saved incomplete', async () => {
    world.openai.setResponder(longAnswer);
    world.openai.setMode('fail_mid_stream');
    const result = await ask(chat, await chat.token('user-f'), { query: QUESTION });
    const partial = answerText(result.events);
    expect(partial.length).toBeGreaterThan(0);
    expect(eventOf(result.events, 'error')?.data).toMatchObject({
      code: 'unavailable',
      status: 'incomplete',
    });
    const threadId = eventOf(result.events, 'meta')?.data.threadId;
    const stored = await storedThread(world.library, threadId, 'user-f');
    expect(stored.body.messages[0]).toMatchObject({ status: 'incomplete', answer: partial });
  });

  it('<think> blocks go to progress, never into the answer', async () => {
    const result = await ask(chat, await chat.token(), { query: `THINK ${QUESTION}` });
    const reasoning = result.events.filter((e) => e.event === 'progress' && e.data.kind === 'reasoning');
    expect(reasoning.map((e) => e.data.text).join('')).toBe('Reasoning about the question.');
    expect(answerText(result.events)).not.toContain('think');
    expect(answerText(result.events)).not.toContain('Reasoning about');
  });
});

describe('resumable streams', () => {
  it('resuming with Last-Event-ID replays the rest of the same answer without calling the model again', async () => {
    // A model that paces its tokens, so the answer arrives as many delta events.
    const paced = await startFakeOpenAI({ chunkDelayMs: 2, respond: longAnswer });
    const pacedChat = await startChatService(world, { OPENAI_BASE_URL: `${paced.url}/v1` });
    try {
      const token = await pacedChat.token('user-a');
      const full = await ask(pacedChat, token, { query: QUESTION });
      const messageId = eventOf(full.events, 'meta')?.data.messageId;
      const deltas = full.events.filter((e) => e.event === 'delta');
      expect(deltas.length).toBeGreaterThan(3);
      const cut = full.events.indexOf(deltas[2] as (typeof deltas)[number]);
      const lastId = full.events[cut]?.id as string;
      const resumed = await readSse(
        await fetch(`${pacedChat.url}/api/v1/chat/streams/${messageId}`, {
          headers: { authorization: `Bearer ${token}`, 'last-event-id': lastId },
        }),
      );
      expect(resumed.status).toBe(200);
      expect(paced.chatCount()).toBe(1);
      const before = answerText(full.events.slice(0, cut + 1));
      expect(answerText(resumed.events).length).toBeGreaterThan(0);
      expect(before + answerText(resumed.events)).toBe(answerText(full.events));
      expect(resumed.events.at(-1)?.event).toBe('done');
      expect(Number(resumed.events[0]?.id)).toBeGreaterThan(Number(lastId));
    } finally {
      await pacedChat.closeAll();
      await paced.close();
    }
  });

  it('tokens that arrive together are sent as one delta event, the text unchanged', async () => {
    world.openai.setResponder(longAnswer);
    const result = await ask(chat, await chat.token('user-a'), { query: QUESTION });
    const deltas = result.events.filter((e) => e.event === 'delta');
    // The fake writes the whole stream at once: dozens of tokens, a handful of events.
    expect(deltas.length).toBeLessThan(5);
    expect(answerText(result.events)).toBe(longAnswer().content);
  });

  it('a client that drops mid-answer resumes and gets the same answer as it is generated', async () => {
    const slow = await startChatService(world);
    try {
      // A slow model: the client leaves after the first delta and comes back while it still streams.
      world.openai.setResponder(longAnswer);
      const token = await slow.token('user-a');
      const first = await ask(slow, token, { query: QUESTION, mode: 'speed' }, (e) => e.event === 'delta');
      const messageId = first.headers.get('x-message-id') as string;
      const resumed = await readSse(
        await fetch(`${slow.url}/api/v1/chat/streams/${messageId}`, {
          headers: { authorization: `Bearer ${token}`, 'last-event-id': first.events.at(-1)?.id as string },
        }),
      );
      const whole = answerText(first.events) + answerText(resumed.events);
      expect(whole).toBe(longAnswer().content);
      expect(resumed.events.at(-1)?.event).toBe('done');
      expect(world.openai.chatCount()).toBe(1);
    } finally {
      await slow.closeAll();
    }
  });

  it('another user gets 404 for the stream and for stop', async () => {
    const result = await ask(chat, await chat.token('user-a'), { query: QUESTION });
    const messageId = eventOf(result.events, 'meta')?.data.messageId;
    const other = await chat.token('user-b');
    const resume = await fetch(`${chat.url}/api/v1/chat/streams/${messageId}`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(resume.status).toBe(404);
    expect(((await resume.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const stop = await fetch(`${chat.url}/api/v1/chat/${messageId}/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other}` },
    });
    expect(stop.status).toBe(404);
  });
});
