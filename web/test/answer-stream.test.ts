import { startFakeOpenAI } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Neighbours, startChatService, startNeighbours } from '../../services/chat-svc/test/harness.ts';
import { LiveAnswer, type Send } from '../src/api/answer-stream.ts';

// The web app's answer stream in Node, against a real chat-svc (search-svc and library-svc
// behind it), with a model that paces its tokens so the answer takes a while to arrive.
const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
const respond = () => ({ content: `${words} [1].` });
// A question the fake SearXNG has sources for, so the citation [1] is kept.
const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';

let world: Neighbours;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let chat: Awaited<ReturnType<typeof startChatService>>;
let token: string;

beforeAll(async () => {
  world = await startNeighbours();
  fake = await startFakeOpenAI({ chunkDelayMs: 4, respond });
  // A reader may be gone this long before the answer is cancelled (the test harness's 200 ms is
  // shorter than a reconnect).
  chat = await startChatService(world, { OPENAI_BASE_URL: `${fake.url}/v1`, CLIENT_GRACE_MS: '5000' });
  token = await chat.token('web-user');
});
afterAll(async () => {
  await chat?.closeAll();
  await fake?.close();
  await world?.close();
});

/** A fetch to the chat service as the app's authorized fetch would make it. */
const send: Send = (path, init) =>
  fetch(`${chat.url}${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });

/** Like `send`, but the first answer's connection breaks after `bytes` bytes, as a flaky network would. */
function sendThatDrops(bytes: number): Send {
  let dropped = false;
  return async (path, init) => {
    const response = await send(path, init);
    if (dropped || !path.endsWith('/api/v1/chat') || !response.body) return response;
    dropped = true;
    let seen = 0;
    const reader = response.body.getReader();
    const broken = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        seen += value.byteLength;
        if (seen > bytes) {
          await reader.cancel();
          controller.error(new TypeError('network error'));
          return;
        }
        controller.enqueue(value);
      },
    });
    return new Response(broken, { status: response.status, headers: response.headers });
  };
}

describe('LiveAnswer', () => {
  it('streams an answer to its end: ids, sources, text, related, done', async () => {
    const answer = new LiveAnswer({ query: QUESTION, mode: 'speed', focus: 'web' }, send);
    const seen: string[] = [];
    answer.subscribe(() => seen.push(answer.state.status));
    const state = await answer.run();
    expect(state.status).toBe('done');
    expect(state.threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.text).toBe(`${words} [1].`);
    expect(state.sources.length).toBeGreaterThan(0);
    expect(state.related.length).toBeGreaterThanOrEqual(3);
    expect(seen).toContain('streaming');
    await expect(answer.finished).resolves.toMatchObject({ status: 'done' });
  });

  it('picks a dropped connection up where it left off: the same text, no second model call', async () => {
    const before = fake.chatCount();
    const answer = new LiveAnswer(
      { query: `${QUESTION} Again?`, mode: 'speed', focus: 'web' },
      sendThatDrops(700),
    );
    const state = await answer.run();
    expect(state.status).toBe('done');
    expect(state.resumes).toBeGreaterThanOrEqual(1);
    expect(state.text).toBe(`${words} [1].`);
    expect(fake.chatCount() - before).toBe(1);
  });

  it('stops on request and keeps what was written', async () => {
    const answer = new LiveAnswer({ query: `${QUESTION} Slowly?`, mode: 'speed', focus: 'web' }, send);
    const running = answer.run();
    await new Promise<void>((resolve) => {
      const off = answer.subscribe(() => {
        if (answer.state.text.length > 20) {
          off();
          resolve();
        }
      });
    });
    await answer.stop();
    const state = await running;
    expect(state.status).toBe('stopped');
    expect(state.text.length).toBeGreaterThan(20);
    expect(state.text.length).toBeLessThan(words.length);
  });

  it('says what went wrong in words when the request is refused', async () => {
    const refusing: Send = (path, init) => fetch(`${chat.url}${path}`, init);
    const state = await new LiveAnswer(
      { query: 'Anyone there?', mode: 'speed', focus: 'web' },
      refusing,
    ).run();
    expect(state.status).toBe('failed');
    expect(state.error).toBe('Please sign in to continue.');
  });
});
