import { type FakeOpenAI, startFakeOpenAI } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let slowModel: FakeOpenAI;
let chat: Awaited<ReturnType<typeof startChatService>>;

const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';
// Long enough that the answer is still streaming when the test acts.
const LONG = { content: Array.from({ length: 400 }, (_, i) => `Sentence ${i} about light [1].`).join(' ') };

beforeAll(async () => {
  world = await startNeighbours();
  slowModel = await startFakeOpenAI({ chunkDelayMs: 5, respond: () => LONG });
  chat = await startChatService(world, { OPENAI_BASE_URL: `${slowModel.url}/v1`, CLIENT_GRACE_MS: '100' });
});
afterAll(async () => {
  await chat?.closeAll();
  await slowModel?.close();
  await world?.close();
});

describe('stopping and leaving', () => {
  it('stop ends the answer and keeps what was written, saved incomplete', async () => {
    const token = await chat.token('user-s');
    const response = await fetch(`${chat.url}/api/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUESTION }),
    });
    const messageId = response.headers.get('x-message-id');
    let stopped = false;
    const result = await readSse(response, (event) => {
      if (event.event === 'delta' && !stopped) {
        stopped = true;
        void fetch(`${chat.url}/api/v1/chat/${messageId}/stop`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        });
      }
      return false;
    });
    const done = eventOf(result.events, 'done')?.data;
    expect(done.status).toBe('incomplete');
    const partial = answerText(result.events);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(LONG.content.length);
    const stored = await storedThread(world.library, eventOf(result.events, 'meta')?.data.threadId, 'user-s');
    expect(stored.body.messages[0]).toMatchObject({ status: 'incomplete', answer: partial });
  });

  it('a client that leaves for good cancels the model call; the partial answer is saved', async () => {
    const token = await chat.token('user-d');
    const first = await ask(chat, token, { query: QUESTION }, (event) => event.event === 'delta');
    const messageId = first.headers.get('x-message-id') as string;
    const threadId = first.headers.get('x-thread-id') as string;
    // Follow the log (without counting as the original reader) until the answer ends.
    const response = await fetch(`${chat.url}/api/v1/chat/streams/${messageId}`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': '0' },
    });
    // Reading the resumed stream would keep the answer alive: drop it at once, then wait for the end
    // through the library, which is written exactly once when the answer ends.
    await response.body?.cancel();
    let stored = await storedThread(world.library, threadId, 'user-d');
    for (let attempt = 0; attempt < 200 && stored.body.messages?.length !== 1; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      stored = await storedThread(world.library, threadId, 'user-d');
    }
    expect(stored.body.messages[0].status).toBe('incomplete');
    expect(stored.body.messages[0].answer.length).toBeLessThan(LONG.content.length);
    expect(chat.app.context.generations.size()).toBe(0);
  });
});
