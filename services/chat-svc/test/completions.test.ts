import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, call, signUp, startAuthService } from '../../auth-svc/test/harness.ts';
import { type Neighbours, startChatService, startNeighbours } from './harness.ts';

let world: Neighbours;
let auth: AuthServiceUnderTest;
let chat: Awaited<ReturnType<typeof startChatService>>;
let apiKey: string;

beforeAll(async () => {
  world = await startNeighbours();
  auth = await startAuthService({ LOG_LEVEL: 'warn' });
  // chat-svc trusts this auth-svc: its JWTs by public key, its API keys by introspection.
  chat = await startChatService(world, { AUTH_SERVICE_URL: auth.url, JWT_PUBLIC_KEY: auth.publicKeyPem });
  const account = await signUp(auth.url);
  const created = await call(`${auth.url}/api/v1/auth/api-keys`, {
    token: account.accessToken,
    body: { name: 'sonar client', scopes: ['chat'] },
  });
  apiKey = created.body.key;
});
afterAll(async () => {
  await chat?.closeAll();
  await auth?.close();
  await world?.close();
});

const client = (key: string) => new OpenAI({ baseURL: `${chat.url}/api/v1`, apiKey: key, maxRetries: 0 });
const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';

describe('POST /api/v1/chat/completions (OpenAI/Sonar compatible)', () => {
  it('answers with citations and search_results, non-streaming', async () => {
    const completion = (await client(apiKey).chat.completions.create({
      model: 'sonar',
      messages: [{ role: 'user', content: QUESTION }],
    })) as OpenAI.ChatCompletion & { citations: string[]; search_results: { title: string; url: string }[] };
    const answer = completion.choices[0]?.message.content ?? '';
    expect(answer).toMatch(/\[\d+\]/);
    expect(completion.citations.length).toBeGreaterThan(0);
    expect(completion.search_results[0]).toMatchObject({ url: completion.citations[0] });
    for (const match of answer.matchAll(/\[(\d+)\]/g)) {
      expect(Number(match[1])).toBeLessThanOrEqual(completion.citations.length);
    }
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('streams chunks the openai client assembles, citations on the last one', async () => {
    const stream = await client(apiKey).chat.completions.create({
      model: 'sonar-pro',
      messages: [{ role: 'user', content: QUESTION }],
      stream: true,
    });
    let text = '';
    let last: (OpenAI.ChatCompletionChunk & { citations?: string[] }) | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      last = chunk;
    }
    expect(text).toMatch(/\[\d+\]/);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect(last?.citations?.length).toBeGreaterThan(0);
  });

  it('takes a session JWT too', async () => {
    const account = await signUp(auth.url);
    const completion = await client(account.accessToken).chat.completions.create({
      model: 'speed',
      messages: [{ role: 'user', content: QUESTION }],
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it('a revoked key stops working at once, though its verdict was cached', async () => {
    const account = await signUp(auth.url);
    const created = await call(`${auth.url}/api/v1/auth/api-keys`, {
      token: account.accessToken,
      body: { name: 'short-lived', scopes: ['chat'] },
    });
    const ask = () =>
      client(created.body.key).chat.completions.create({
        model: 'sonar',
        messages: [{ role: 'user', content: QUESTION }],
      });
    await expect(ask()).resolves.toMatchObject({ object: 'chat.completion' });
    const revoked = await call(`${auth.url}/api/v1/auth/api-keys/${created.body.id}`, {
      method: 'DELETE',
      token: account.accessToken,
    });
    expect(revoked.status).toBe(200);
    // The announcement travels through Redis; give it a moment, far less than the cache's 30 s.
    await expect
      .poll(
        () =>
          ask().then(
            () => 200,
            (error: { status: number }) => error.status,
          ),
        { timeout: 3_000 },
      )
      .toBe(401);
  });

  it('rejects a missing or invalid key with 401', async () => {
    await expect(
      client('pk_not_a_real_key_000000000000').chat.completions.create({
        model: 'sonar',
        messages: [{ role: 'user', content: QUESTION }],
      }),
    ).rejects.toMatchObject({ status: 401 });
    const none = await fetch(`${chat.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonar', messages: [{ role: 'user', content: QUESTION }] }),
    });
    expect(none.status).toBe(401);
  });

  it('rejects an unknown model or a conversation not ending with a question → 400', async () => {
    await expect(
      client(apiKey).chat.completions.create({
        model: 'gpt-17',
        messages: [{ role: 'user', content: QUESTION }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      client(apiKey).chat.completions.create({
        model: 'sonar',
        messages: [{ role: 'assistant', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('a rate-limited provider becomes a clear 429 for the API caller', async () => {
    world.openai.setMode('rate_limited');
    try {
      await expect(
        client(apiKey).chat.completions.create({
          model: 'sonar',
          messages: [{ role: 'user', content: QUESTION }],
        }),
      ).rejects.toMatchObject({ status: 429 });
    } finally {
      world.openai.setMode('ok');
    }
  });
});

describe('API keys and scopes', () => {
  it('a key without the chat scope may not ask, by any route, nor schedule tasks', async () => {
    const account = await signUp(auth.url);
    const created = await call(`${auth.url}/api/v1/auth/api-keys`, {
      token: account.accessToken,
      body: { name: 'search only', scopes: ['search'] },
    });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const completion = await fetch(`${chat.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonar', messages: [{ role: 'user', content: QUESTION }] }),
    });
    const chatted = await fetch(`${chat.url}/api/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUESTION }),
    });
    const tasks = await fetch(`${chat.url}/api/v1/tasks`, { headers: { authorization: `Bearer ${key}` } });
    for (const response of [completion, chatted, tasks]) {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('"chat" scope'),
      });
    }
    // The same account's key with the scope may.
    expect(
      (await fetch(`${chat.url}/api/v1/tasks`, { headers: { authorization: `Bearer ${apiKey}` } })).status,
    ).toBe(200);
  });
});
