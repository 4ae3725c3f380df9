import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  chatSvc,
  type LibraryServiceUnderTest,
  libraryClient,
  messageBody,
  SERVICE_TOKEN,
  startLibraryService,
  threadBody,
} from './harness.ts';

let svc: LibraryServiceUnderTest;
let chat: ReturnType<typeof chatSvc>;

beforeAll(async () => {
  svc = await startLibraryService();
  chat = chatSvc(svc.url);
});
afterAll(() => svc?.close());

describe('internal: threads', () => {
  it('creates a thread once; a repeated PUT leaves it as it was', async () => {
    const threadId = randomUUID();
    const first = await chat.putThread(threadId, threadBody('alice', { spaceId: 'space-1', orgId: 'org-1' }));
    expect(first.status).toBe(201);
    expect(first.body.thread).toMatchObject({
      id: threadId,
      title: 'What is the boiling point of water?',
      mode: 'balanced',
      focus: 'web',
      spaceId: 'space-1',
      orgId: 'org-1',
      saved: false,
      shareId: null,
    });

    const again = await chat.putThread(threadId, threadBody('alice', { title: 'A different title' }));
    expect(again.status).toBe(200);
    expect(again.body.thread).toEqual(first.body.thread);
  });

  it('keeps the first 200 characters of a long title (chat-svc may pass the whole question)', async () => {
    const threadId = randomUUID();
    const response = await chat.putThread(
      threadId,
      threadBody('alice', { title: `  ${'x'.repeat(1_500)}  ` }),
    );
    expect(response.status).toBe(201);
    expect(response.body.thread.title).toBe('x'.repeat(200));
  });

  it('answers 404 when the thread id belongs to another user, and leaves it alone', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const response = await chat.putThread(threadId, threadBody('mallory', { title: 'mine now' }));
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    const owner = await chat.getThread(threadId, 'alice');
    expect(owner.body.thread.title).toBe('What is the boiling point of water?');
  });

  it('returns 404 for an unknown thread', async () => {
    const response = await chat.getThread(randomUUID(), 'alice');
    expect(response.status).toBe(404);
  });
});

describe('internal: messages', () => {
  it('returns the history oldest first, each message with everything chat-svc saved', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [turn, id] of ids.entries()) {
      const response = await chat.putMessage(
        threadId,
        id,
        messageBody('alice', { query: `question ${turn}` }),
      );
      expect(response.status).toBe(201);
    }
    const history = await chat.getThread(threadId, 'alice');
    expect(history.status).toBe(200);
    expect(history.body.messages.map((m: { id: string }) => m.id)).toEqual(ids);
    expect(history.body.messages.map((m: { query: string }) => m.query)).toEqual([
      'question 0',
      'question 1',
      'question 2',
    ]);
    expect(history.body.messages[0]).toMatchObject({
      threadId,
      answer: 'Water boils at 100 °C at sea level [1].',
      sources: [
        { index: 1, title: 'Boiling point', url: 'https://example.org/boiling', snippet: 'At sea level…' },
      ],
      related: ['Why does water boil at lower temperatures at altitude?'],
      mode: 'balanced',
      focus: 'web',
      model: 'gpt-4o-mini',
      status: 'complete',
      error: null,
      usage: { promptTokens: 120, completionTokens: 40 },
      timings: { searchMs: 310, firstTokenMs: 820, totalMs: 2400 },
    });
  });

  it('replaces a partial answer with the final one, keeping its place in the history', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const first = randomUUID();
    const second = randomUUID();
    await chat.putMessage(
      threadId,
      first,
      messageBody('alice', { answer: 'Water boi', status: 'streaming' }),
    );
    await chat.putMessage(threadId, second, messageBody('alice', { query: 'And at altitude?' }));

    const partial = await chat.putMessage(
      threadId,
      first,
      messageBody('alice', { answer: 'Water boils', status: 'incomplete', error: { code: 'client_gone' } }),
    );
    expect(partial.status).toBe(200);
    const final = await chat.putMessage(
      threadId,
      first,
      messageBody('alice', { answer: 'Water boils at 100 °C.' }),
    );
    expect(final.status).toBe(200);
    expect(final.body.message).toMatchObject({
      id: first,
      answer: 'Water boils at 100 °C.',
      status: 'complete',
    });
    expect(final.body.message.error).toBeNull();

    const history = await chat.getThread(threadId, 'alice');
    expect(history.body.messages).toHaveLength(2);
    expect(history.body.messages.map((m: { id: string }) => m.id)).toEqual([first, second]);
    expect(history.body.messages[0].answer).toBe('Water boils at 100 °C.');
  });

  it('keeps failed answers with their error, and optional fields may be left out', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const response = await chat.putMessage(threadId, randomUUID(), {
      userId: 'alice',
      query: 'Will this fail?',
      answer: '',
      mode: 'speed',
      focus: 'academic',
      status: 'failed',
      error: { code: 'search_unavailable', message: 'every SearXNG instance failed' },
    });
    expect(response.status).toBe(201);
    expect(response.body.message).toMatchObject({
      sources: [],
      related: [],
      model: null,
      usage: null,
      timings: null,
      status: 'failed',
      error: { code: 'search_unavailable', message: 'every SearXNG instance failed' },
    });
  });

  it('drops NUL characters, which Postgres cannot store, instead of failing', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const response = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', {
        answer: 'a\u0000b',
        sources: [{ index: 1, title: 't\u0000', url: 'https://example.org', engines: ['bing\u0000'] }],
      }),
    );
    expect(response.status).toBe(201);
    expect(response.body.message.answer).toBe('ab');
    expect(response.body.message.sources[0]).toEqual({
      index: 1,
      title: 't',
      url: 'https://example.org',
      engines: ['bing'],
    });
  });

  it('accepts the citation number as n (what chat-svc calls it) and keeps it as sent', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const source = {
      n: 1,
      title: 'T',
      url: 'https://example.org/a',
      snippet: 's',
      publishedDate: null,
      engines: ['bing'],
    };
    const response = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', { sources: [source] }),
    );
    expect(response.status).toBe(201);
    expect(response.body.message.sources).toEqual([source]);
    const unnumbered = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', { sources: [{ title: 'T', url: 'https://example.org/a' }] }),
    );
    expect(unnumbered.status).toBe(400);
    expect(unnumbered.body.error.details[0].path).toBe('body.sources.0');
  });

  it('keeps search-svc extras on sources (engines, publishedDate, thumbnail)', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const source = {
      index: 1,
      title: 'T',
      url: 'https://example.org/a',
      snippet: 's',
      engines: ['bing', 'google'],
      publishedDate: '2026-01-02T00:00:00.000Z',
      thumbnail: null,
    };
    const response = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', { sources: [source] }),
    );
    expect(response.status).toBe(201);
    expect(response.body.message.sources).toEqual([source]);
  });

  it('refuses a message id that is already used in another thread (409), changing nothing', async () => {
    const threadA = randomUUID();
    const threadB = randomUUID();
    await chat.putThread(threadA, threadBody('alice'));
    await chat.putThread(threadB, threadBody('alice'));
    const messageId = randomUUID();
    await chat.putMessage(threadA, messageId, messageBody('alice'));
    const moved = await chat.putMessage(threadB, messageId, messageBody('alice', { answer: 'hijacked' }));
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe('conflict');
    expect((await chat.getThread(threadA, 'alice')).body.messages[0].answer).toBe(
      'Water boils at 100 °C at sea level [1].',
    );
    expect((await chat.getThread(threadB, 'alice')).body.messages).toEqual([]);
  });

  it('creates a new thread along with its first message when the message carries `thread`', async () => {
    const threadId = randomUUID();
    const messageId = randomUUID();
    const thread = { title: 'Why is the sky blue?', mode: 'speed', focus: 'web', orgId: 'org-1' };
    const first = await chat.putMessage(threadId, messageId, messageBody('alice', { thread }));
    expect(first.status).toBe(201);
    const stored = await chat.getThread(threadId, 'alice');
    expect(stored.body.thread).toMatchObject({ id: threadId, title: 'Why is the sky blue?', orgId: 'org-1' });
    expect(stored.body.messages.map((message: { id: string }) => message.id)).toEqual([messageId]);

    // A retry (or the final save after a partial one) changes the message, never the thread.
    const again = await chat.putMessage(
      threadId,
      messageId,
      messageBody('alice', { answer: 'Rayleigh scattering [1].', thread: { ...thread, title: 'Other' } }),
    );
    expect(again.status).toBe(200);
    const after = await chat.getThread(threadId, 'alice');
    expect(after.body.thread.title).toBe('Why is the sky blue?');
    expect(after.body.messages).toHaveLength(1);
    expect(after.body.messages[0].answer).toBe('Rayleigh scattering [1].');
  });

  it('a message carrying `thread` for a thread id of another user is 404, and nothing of it changes', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const before = (await chat.getThread(threadId, 'alice')).body;
    const response = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('mallory', { thread: { title: 'mine now', mode: 'speed', focus: 'web' } }),
    );
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect((await chat.getThread(threadId, 'alice')).body).toEqual(before);
    expect((await chat.getThread(threadId, 'mallory')).status).toBe(404);
  });

  it('a message carrying `thread` whose id is used in another thread is 409 and creates no thread', async () => {
    const threadA = randomUUID();
    await chat.putThread(threadA, threadBody('alice'));
    const messageId = randomUUID();
    await chat.putMessage(threadA, messageId, messageBody('alice'));
    const threadB = randomUUID();
    const moved = await chat.putMessage(
      threadB,
      messageId,
      messageBody('alice', { thread: { title: 'new', mode: 'speed', focus: 'web' } }),
    );
    expect(moved.status).toBe(409);
    expect((await chat.getThread(threadB, 'alice')).status).toBe(404);
  });

  it('rejects a malformed `thread` with 400 naming the field, saving nothing', async () => {
    const threadId = randomUUID();
    const response = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', { thread: { title: '   ', mode: 'speed', focus: 'web' } }),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error.details)).toContain('thread');
    expect((await chat.getThread(threadId, 'alice')).status).toBe(404);
  });

  it('answers 404 for a message in a thread that does not exist', async () => {
    const response = await chat.putMessage(randomUUID(), randomUUID(), messageBody('alice'));
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('a new answer moves its thread to the top of the library', async () => {
    const token = await svc.userToken('carol');
    const older = await chat.answeredThread('carol', { title: 'older' });
    await chat.answeredThread('carol', { title: 'newer' });
    const before = await libraryClient(svc.url, token).list();
    expect(before.body.threads.map((t: { title: string }) => t.title)).toEqual(['newer', 'older']);

    await chat.putMessage(older.threadId, randomUUID(), messageBody('carol', { query: 'follow-up' }));
    const after = await libraryClient(svc.url, token).list();
    expect(after.body.threads.map((t: { title: string }) => t.title)).toEqual(['older', 'newer']);
  });

  it('rejects answers and source lists over the limits with 400', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const tooLong = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', { answer: 'a'.repeat(200_001) }),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('validation_failed');
    expect(tooLong.body.error.details[0].path).toBe('body.answer');

    const sources = Array.from({ length: 51 }, (_, index) => ({ index, title: 't', url: 'https://e.org' }));
    const tooMany = await chat.putMessage(threadId, randomUUID(), messageBody('alice', { sources }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('body.sources');

    const biggest = await chat.putMessage(
      threadId,
      randomUUID(),
      messageBody('alice', { answer: 'word '.repeat(40_000), sources: sources.slice(0, 50) }),
    );
    expect(biggest.status).toBe(201);
    expect((await chat.getThread(threadId, 'alice')).body.messages).toHaveLength(1);
  });

  it('rejects an unknown status, a missing userId and a malformed source', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    for (const body of [
      messageBody('alice', { status: 'done' }),
      { ...messageBody('alice'), userId: undefined },
      messageBody('alice', { sources: [{ title: 'no index or url' }] }),
      messageBody('alice', { usage: { deeply: { nested: { too: { far: 1 } } } } }),
    ]) {
      const response = await chat.putMessage(threadId, randomUUID(), body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    expect((await chat.getThread(threadId, 'alice')).body.messages).toEqual([]);
  });
});

describe('internal: thread lookup (collections in projects-svc)', () => {
  const lookup = (body: unknown) =>
    call(`${svc.url}/internal/v1/threads/lookup`, { method: 'POST', body, serviceToken: SERVICE_TOKEN });

  it("returns the user's threads among the ids, leaving out unknown ones and other users'", async () => {
    const mine = await chat.answeredThread('lookup-alice', { title: 'Tides and the moon' });
    const theirs = await chat.answeredThread('lookup-bob');
    const unknown = randomUUID();
    const answer = await lookup({
      userId: 'lookup-alice',
      ids: [mine.threadId, theirs.threadId, unknown, mine.threadId],
    });
    expect(answer.status).toBe(200);
    const threads = answer.body.threads as Array<{ id: string; title: string; shareId: string | null }>;
    expect(threads.map((thread) => thread.id)).toEqual([mine.threadId]);
    expect(threads[0]).toMatchObject({ title: 'Tides and the moon', shareId: null });
  });

  it('rejects a malformed lookup with 400', async () => {
    for (const body of [
      { userId: 'a', ids: [] },
      { userId: 'a', ids: ['not-a-uuid'] },
      { ids: [randomUUID()] },
    ]) {
      const answer = await lookup(body);
      expect(answer.status).toBe(400);
      expect((answer.body.error as { code: string }).code).toBe('validation_failed');
    }
  });
});

describe('internal: the service token', () => {
  it('hides every internal route (404) without the right x-service-token', async () => {
    const threadId = randomUUID();
    await chat.putThread(threadId, threadBody('alice'));
    const base = `${svc.url}/internal/v1/threads/${threadId}`;
    for (const serviceToken of [undefined, 'wrong-token-0123456789abcdef', `${SERVICE_TOKEN}x`]) {
      const get = await call(`${base}?userId=alice`, { serviceToken });
      const put = await call(base, { method: 'PUT', body: threadBody('alice'), serviceToken });
      const message = await call(`${base}/messages/${randomUUID()}`, {
        method: 'PUT',
        body: messageBody('alice'),
        serviceToken,
      });
      for (const response of [get, put, message]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      }
    }
    expect((await chat.getThread(threadId, 'alice')).body.messages).toEqual([]);
  });

  it('a user token is no service token', async () => {
    const token = await svc.userToken('alice');
    const response = await call(`${svc.url}/internal/v1/threads/${randomUUID()}?userId=alice`, { token });
    expect(response.status).toBe(404);
  });

  it('never logs the service token', () => {
    expect(svc.logs.text()).not.toContain(SERVICE_TOKEN);
  });
});
