import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, eventOf, type Neighbours, startChatService, startNeighbours } from './harness.ts';

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

const expectError = (result: { status: number; body: any }, status: number, code?: string) => {
  expect(result.status).toBe(status);
  expect(typeof result.body.error.message).toBe('string');
  if (code) expect(result.body.error.code).toBe(code);
};

describe('bad input to POST /api/v1/chat', () => {
  it.each([
    ['empty query', { query: '   ' }],
    ['missing query', { mode: 'speed' }],
    ['unknown mode', { query: 'hello there', mode: 'turbo' }],
    ['unknown focus', { query: 'hello there', focus: 'tiktok' }],
    ['bad thread id', { query: 'hello there', threadId: 'not-a-uuid' }],
    ['bad language', { query: 'hello there', language: 'english please' }],
    ['query over the limit', { query: 'x'.repeat(9_000) }],
  ])('%s → 400 validation_failed', async (_name, body) => {
    expectError(await ask(chat, await chat.token(), body), 400, 'validation_failed');
  });

  it('a 10 MB body → 413', async () => {
    expectError(
      await ask(chat, await chat.token(), { query: 'x'.repeat(10 * 1024 * 1024) }),
      413,
      'payload_too_large',
    );
  });

  it('not JSON → 400 invalid_json', async () => {
    expectError(await ask(chat, await chat.token(), '{"query": '), 400, 'invalid_json');
  });

  it('no token → 401, and a forged one → 401', async () => {
    const none = await fetch(`${chat.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'hello there' }),
    });
    expect(none.status).toBe(401);
    expectError(await ask(chat, 'not.a.jwt', { query: 'hello there' }), 401);
  });

  it('a bad message id or Last-Event-ID on resume → 400', async () => {
    const token = await chat.token();
    const badId = await fetch(`${chat.url}/api/v1/chat/streams/nope`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(badId.status).toBe(400);
    const result = await ask(chat, token, { query: 'photosynthesis light energy' });
    const messageId = eventOf(result.events, 'meta')?.data.messageId;
    const badLast = await fetch(`${chat.url}/api/v1/chat/streams/${messageId}`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': 'banana' },
    });
    expect(badLast.status).toBe(400);
  });
});

describe("another user's data", () => {
  it("user B asking in user A's thread → 404, and nothing is answered", async () => {
    const first = await ask(chat, await chat.token('user-a'), { query: 'photosynthesis light energy' });
    const threadId = eventOf(first.events, 'meta')?.data.threadId;
    const calls = world.openai.chatCount();
    expectError(
      await ask(chat, await chat.token('user-b'), { query: 'and then?', threadId }),
      404,
      'not_found',
    );
    expect(world.openai.chatCount()).toBe(calls);
  });

  it('a thread id that does not exist → 404', async () => {
    expectError(
      await ask(chat, await chat.token('user-a'), { query: 'and then?', threadId: randomUUID() }),
      404,
    );
  });

  it('an unknown answer stream → 404', async () => {
    const response = await fetch(`${chat.url}/api/v1/chat/streams/${randomUUID()}`, {
      headers: { authorization: `Bearer ${await chat.token('user-a')}` },
    });
    expect(response.status).toBe(404);
  });

  it('logs never contain the bearer token', async () => {
    const token = await chat.token('user-a');
    await ask(chat, token, { query: 'photosynthesis light energy' });
    expect(chat.logs.text()).not.toContain(token);
  });
});
