import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../src/cursor.ts';
import {
  call,
  chatSvc,
  type JsonResponse,
  type LibraryServiceUnderTest,
  libraryClient,
  messageBody,
  SERVICE_TOKEN,
  startLibraryService,
  threadBody,
} from './harness.ts';

let svc: LibraryServiceUnderTest;
let chat: ReturnType<typeof chatSvc>;
let token: string;
let client: ReturnType<typeof libraryClient>;
let threadId: string;

beforeAll(async () => {
  // A small body limit, so the 413 test need not send megabytes.
  svc = await startLibraryService({ BODY_LIMIT_BYTES: '65536' });
  chat = chatSvc(svc.url);
  token = await svc.userToken('alice');
  client = libraryClient(svc.url, token);
  threadId = (await chat.answeredThread('alice', { title: 'Original title' })).threadId;
});
afterAll(() => svc?.close());

function expectError(response: JsonResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
}

const threadsUrl = () => `${svc.url}/api/v1/library/threads`;

describe('public routes refuse bad input with a clear 4xx', () => {
  it('needs a valid access token', async () => {
    expectError(await call(threadsUrl()), 401, 'unauthorized');
    expectError(await call(threadsUrl(), { token: 'not-a-jwt' }), 401, 'invalid_token');
    expectError(await call(`${threadsUrl()}/${threadId}`, { method: 'DELETE' }), 401, 'unauthorized');
    expect((await client.get(threadId)).status).toBe(200);
  });

  it('limit must be 1..100', async () => {
    for (const limit of ['0', '1000', '-1', 'abc', '', '2.5']) {
      const response = await client.list(`limit=${limit}`);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('query.limit');
    }
    expect((await client.list('limit=1')).body.threads).toHaveLength(1);
    expect((await client.list('limit=100')).status).toBe(200);
  });

  it('a cursor must be one this API returned', async () => {
    for (const cursor of [
      'garbage',
      '!!!',
      Buffer.from('not json').toString('base64url'),
      Buffer.from('["2026-01-01", "x"]').toString('base64url'),
      Buffer.from(JSON.stringify({ updatedAt: 'x' })).toString('base64url'),
      'a'.repeat(201),
    ]) {
      const response = await client.list(`cursor=${encodeURIComponent(cursor)}`);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('query.cursor');
    }
    const wellFormed = encodeCursor({ updatedAt: '2000-01-01T00:00:00.000000Z', id: randomUUID() });
    const empty = await client.list(`cursor=${wellFormed}`);
    expect(empty.status).toBe(200);
    expect(empty.body.threads).toEqual([]);
  });

  it('q and saved are checked', async () => {
    expectError(await client.list(`q=${'x'.repeat(501)}`), 400, 'validation_failed');
    expectError(await client.list('q=%20%20'), 400, 'validation_failed');
    expectError(await client.list('saved=yes'), 400, 'validation_failed');
  });

  it('a thread id must be a uuid (400), an unknown one is 404', async () => {
    for (const id of ['not-a-uuid', '123', `${randomUUID()}x`]) {
      expectError(await client.get(id), 400, 'validation_failed');
      expectError(await client.patch(id, { title: 'x' }), 400, 'validation_failed');
      expectError(await client.remove(id), 400, 'validation_failed');
      expectError(await client.share(id), 400, 'validation_failed');
    }
    const unknown = randomUUID();
    expectError(await client.get(unknown), 404, 'not_found');
    expectError(await client.patch(unknown, { title: 'x' }), 404, 'not_found');
    expectError(await client.remove(unknown), 404, 'not_found');
    expectError(await client.share(unknown), 404, 'not_found');
    expectError(await client.unshare(unknown), 404, 'not_found');
  });

  it('PATCH: malformed JSON, wrong content type, empty, unknown fields, bad title or saved', async () => {
    const url = `${threadsUrl()}/${threadId}`;
    expectError(await call(url, { method: 'PATCH', body: '{"title":', token }), 400, 'invalid_json');
    expectError(
      await call(url, {
        method: 'PATCH',
        body: '{"title":"x"}',
        token,
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
    for (const body of [
      {},
      { title: '' },
      { title: '   ' },
      { title: 'x'.repeat(201) },
      { title: 42 },
      { saved: 'yes' },
      { saved: null },
      { title: 'ok', owner: 'bob' },
      [],
      '"a JSON string"',
    ]) {
      expectError(await client.patch(threadId, body), 400, 'validation_failed');
    }
    const thread = (await client.get(threadId)).body.thread;
    expect(thread).toMatchObject({ title: 'Original title', saved: false });
    expect((await client.patch(threadId, { title: 'y'.repeat(200) })).status).toBe(200);
  });

  it('a body over the limit is 413', async () => {
    const response = await client.patch(threadId, { title: 'x', padding: 'p'.repeat(70_000) });
    expectError(response, 413, 'payload_too_large');
  });
});

describe('internal routes refuse bad input with a clear 4xx', () => {
  const internalUrl = (path: string) => `${svc.url}/internal/v1/${path}`;

  it('thread ids, message ids and userId are checked', async () => {
    expectError(await chat.putThread('nope', threadBody('alice')), 400, 'validation_failed');
    expectError(await chat.putMessage(threadId, 'nope', messageBody('alice')), 400, 'validation_failed');
    expectError(await chat.putMessage('nope', randomUUID(), messageBody('alice')), 400, 'validation_failed');
    expectError(
      await call(internalUrl(`threads/${threadId}`), { serviceToken: SERVICE_TOKEN }),
      400,
      'validation_failed',
    );
    expectError(await chat.getThread('nope', 'alice'), 400, 'validation_failed');
  });

  it('thread bodies are checked', async () => {
    for (const body of [
      { ...threadBody('alice'), title: '' },
      { ...threadBody('alice'), title: 'x'.repeat(20_001) },
      { ...threadBody('alice'), mode: 'has spaces' },
      { ...threadBody('alice'), focus: undefined },
      { ...threadBody('alice'), userId: '' },
      { ...threadBody('alice'), spaceId: 42 },
    ]) {
      expectError(await chat.putThread(randomUUID(), body), 400, 'validation_failed');
    }
    expectError(
      await call(internalUrl(`threads/${randomUUID()}`), {
        method: 'PUT',
        body: '{',
        serviceToken: SERVICE_TOKEN,
      }),
      400,
      'invalid_json',
    );
  });

  it('a message body over the limit is 413 and saves nothing', async () => {
    const response = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', { answer: 'a'.repeat(70_000) }),
    );
    expectError(response, 413, 'payload_too_large');
    expect((await chat.getThread(threadId, 'alice')).body.messages).toHaveLength(1);
  });

  it('never answered 500 to any of this', () => {
    const errors = svc.logs.lines().filter((line) => line.level === 50 || line.msg === 'unhandled error');
    expect(errors).toEqual([]);
  });
});
