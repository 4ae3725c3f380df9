import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  chatSvc,
  extractBody,
  type JsonResponse,
  type MemoryServiceUnderTest,
  memoryClient,
  SERVICE_TOKEN,
  startMemoryService,
} from './harness.ts';

let svc: MemoryServiceUnderTest;
let token: string;
let client: ReturnType<typeof memoryClient>;
let chat: ReturnType<typeof chatSvc>;
let memoryId: string;

beforeAll(async () => {
  // A small body limit, so the 413 test need not send megabytes.
  svc = await startMemoryService({ BODY_LIMIT_BYTES: '65536' });
  token = await svc.token('alice', { orgId: 'org-a', orgRole: 'owner' });
  client = memoryClient(svc.url, token);
  chat = chatSvc(svc.url);
  memoryId = (await client.create('I prefer metric units')).body.memory.id;
});
afterAll(() => svc?.close());

function expectError(response: JsonResponse, status: number, code: string, path?: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
  if (path) expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
}

const memoriesUrl = () => `${svc.url}/api/v1/memory`;

describe('public routes refuse bad input with a clear 4xx', () => {
  it('needs a valid access token', async () => {
    expectError(await call(memoriesUrl()), 401, 'unauthorized');
    expectError(await call(memoriesUrl(), { token: 'not-a-jwt' }), 401, 'invalid_token');
    expectError(await call(`${memoriesUrl()}/settings`), 401, 'unauthorized');
    expectError(await call(`${memoriesUrl()}/org`), 401, 'unauthorized');
    expectError(await call(`${memoriesUrl()}/${memoryId}`, { method: 'DELETE' }), 401, 'unauthorized');
    expect((await client.get(memoryId)).status).toBe(200);
  });

  it('invalid JSON, a wrong content type', async () => {
    expectError(await call(memoriesUrl(), { method: 'POST', body: '{"text":', token }), 400, 'invalid_json');
    expectError(
      await call(memoriesUrl(), {
        method: 'POST',
        body: '{"text":"x"}',
        token,
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
    expectError(
      await call(`${memoriesUrl()}/settings`, { method: 'PUT', body: 'nope', token }),
      400,
      'invalid_json',
    );
  });

  it('memory text: required, a string, 1..500 characters after trimming, no unknown fields', async () => {
    for (const body of [
      {},
      { text: '' },
      { text: '   ' },
      { text: 'x'.repeat(501) },
      { text: 42 },
      { text: null },
      { text: 'ok', source: 'extracted' },
      [],
      '"a JSON string"',
    ]) {
      expectError(await call(memoriesUrl(), { method: 'POST', body, token }), 400, 'validation_failed');
      expectError(await client.patch(memoryId, body), 400, 'validation_failed');
      expectError(
        await call(`${memoriesUrl()}/org`, { method: 'POST', body, token }),
        400,
        'validation_failed',
      );
    }
    expectError(await client.create('x'.repeat(501)), 400, 'validation_failed', 'body.text');
    expect((await client.create(` ${'y'.repeat(500)} `)).status).toBe(201);
    expect((await client.get(memoryId)).body.memory.text).toBe('I prefer metric units');
  });

  it('a memory id must be a uuid (400); an unknown one is 404', async () => {
    for (const id of ['not-a-uuid', '123', `${randomUUID()}x`]) {
      expectError(await client.get(id), 400, 'validation_failed', 'path.id');
      expectError(await client.patch(id, { text: 'x' }), 400, 'validation_failed');
      expectError(await client.remove(id), 400, 'validation_failed');
      expectError(await client.org.get(id), 400, 'validation_failed');
      expectError(await client.org.patch(id, { text: 'x' }), 400, 'validation_failed');
      expectError(await client.org.remove(id), 400, 'validation_failed');
    }
    const unknown = randomUUID();
    expectError(await client.get(unknown), 404, 'not_found');
    expectError(await client.patch(unknown, { text: 'x' }), 404, 'not_found');
    expectError(await client.remove(unknown), 404, 'not_found');
    expectError(await client.org.patch(unknown, { text: 'x' }), 404, 'not_found');
  });

  it('q is checked', async () => {
    expectError(await client.list(`q=${'x'.repeat(501)}`), 400, 'validation_failed', 'query.q');
    expectError(await client.list('q=%20%20'), 400, 'validation_failed');
  });

  it('settings bodies: enabled must be given, boolean or null', async () => {
    for (const body of [{}, { enabled: 'yes' }, { enabled: 1 }, { enabled: true, extra: 1 }]) {
      expectError(await client.putSettings(body), 400, 'validation_failed');
    }
    for (const body of [{}, { defaultEnabled: 'no' }, { enabled: true }]) {
      expectError(await client.org.putSettings(body), 400, 'validation_failed');
    }
    expect((await client.settings()).body.source).toBe('default');
  });

  it('a body over the limit is 413', async () => {
    const response = await call(memoriesUrl(), {
      method: 'POST',
      body: { text: 'x', padding: 'p'.repeat(70_000) },
      token,
    });
    expectError(response, 413, 'payload_too_large');
  });
});

describe('internal routes refuse bad input with a clear 4xx', () => {
  const recall = (body: unknown) => chat.recall(body);

  it('recall: userId, query and limit are checked', async () => {
    const valid = { userId: 'alice', orgId: null, query: 'units' };
    for (const [body, path] of [
      [{ ...valid, userId: undefined }, 'body.userId'],
      [{ ...valid, userId: '' }, 'body.userId'],
      [{ ...valid, query: undefined }, 'body.query'],
      [{ ...valid, query: '   ' }, 'body.query'],
      [{ ...valid, query: 'q'.repeat(20_001) }, 'body.query'],
      [{ ...valid, orgId: 42 }, 'body.orgId'],
      [{ ...valid, limit: 0 }, 'body.limit'],
      [{ ...valid, limit: 21 }, 'body.limit'],
      [{ ...valid, limit: 2.5 }, 'body.limit'],
      [{ ...valid, limit: '5' }, 'body.limit'],
    ] as const) {
      expectError(await recall(body), 400, 'validation_failed', path);
    }
    expectError(
      await call(`${svc.url}/internal/v1/recall`, { body: '{', serviceToken: SERVICE_TOKEN }),
      400,
      'invalid_json',
    );
    expect((await recall({ ...valid, limit: 1 })).status).toBe(200);
    expect((await recall({ ...valid, limit: 20 })).status).toBe(200);
    // orgId may be left out (no organization).
    expect((await recall({ userId: 'alice', query: 'units' })).status).toBe(200);
  });

  it('extract: userId, question and threadId are checked, and nothing is queued', async () => {
    for (const [body, path] of [
      [{ ...extractBody('alice', 'Remember that I like tea'), userId: undefined }, 'body.userId'],
      [{ ...extractBody('alice', 'Remember that I like tea'), question: undefined }, 'body.question'],
      [extractBody('alice', ''), 'body.question'],
      [extractBody('alice', 'q'.repeat(20_001)), 'body.question'],
      [{ ...extractBody('alice', 'Remember that I like tea'), threadId: 'thread-1' }, 'body.threadId'],
      [{ ...extractBody('alice', 'Remember that I like tea'), answer: 42 }, 'body.answer'],
    ] as const) {
      expectError(await chat.extract(body), 400, 'validation_failed', path);
    }
    await svc.jobsSettled();
    expect((await client.list()).body.memories.map((m: { text: string }) => m.text)).not.toContain(
      'I like tea',
    );
    // An answer outside any thread (the OpenAI-compatible route) may send no threadId, or "".
    for (const threadId of [null, '', undefined]) {
      expect((await chat.extract({ ...extractBody('alice', 'How are you?'), threadId })).status).toBe(202);
    }
    await svc.jobsSettled();
  });

  it('without the service token the internal routes do not exist (404)', async () => {
    for (const path of ['recall', 'extract']) {
      const url = `${svc.url}/internal/v1/${path}`;
      expectError(await call(url, { body: { userId: 'alice', query: 'x' } }), 404, 'not_found');
      expectError(
        await call(url, {
          body: { userId: 'alice', query: 'x' },
          serviceToken: 'wrong-token-of-enough-length',
        }),
        404,
        'not_found',
      );
      // A user's access token is not a service token.
      expectError(await call(url, { body: { userId: 'alice', query: 'x' }, token }), 404, 'not_found');
    }
  });
});
