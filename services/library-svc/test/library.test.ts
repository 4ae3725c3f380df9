import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatSvc,
  type LibraryServiceUnderTest,
  libraryClient,
  messageBody,
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

const titles = (response: { body: { threads: Array<{ title: string }> } }) =>
  response.body.threads.map((thread) => thread.title);

/** Follows nextCursor to the end (bounded: a bug must fail the test, not hang it). */
async function readAllPages(client: ReturnType<typeof libraryClient>, query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const response = await client.list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    ids.push(...response.body.threads.map((thread: { id: string }) => thread.id));
    cursor = response.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('more than 50 pages');
}

describe('listing', () => {
  it('pages through every thread newest first, without duplicates or skips, even on equal timestamps', async () => {
    const user = `pager-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const created: string[] = [];
    for (let index = 0; index < 23; index++) {
      created.push((await chat.answeredThread(user, { title: `thread ${index}` })).threadId);
    }
    // Ties and sub-millisecond differences are where keyset paging breaks: make plenty of both.
    await sql`
      update threads set updated_at = case
        when title in ('thread 0', 'thread 1', 'thread 2', 'thread 3', 'thread 4', 'thread 5')
          then '2026-01-01T00:00:00.123456Z'::timestamptz
        else '2026-01-01T00:00:00.123Z'::timestamptz + (substring(title from 8)::int * interval '1 microsecond')
      end
      where user_id = ${user}`.execute(svc.database.db);

    const paged = await readAllPages(client, 'limit=4');
    expect(paged).toHaveLength(23);
    expect(new Set(paged).size).toBe(23);
    expect(new Set(paged)).toEqual(new Set(created));

    const expected = await svc.database.db
      .selectFrom('threads')
      .select('id')
      .where('user_id', '=', user)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(paged).toEqual(expected.map((row) => row.id));

    const firstPage = await client.list();
    expect(firstPage.body.threads).toHaveLength(20);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const everything = await client.list('limit=100');
    expect(everything.body.threads).toHaveLength(23);
    expect(everything.body.nextCursor).toBeNull();
  });

  it('lists only the threads of one space when asked', async () => {
    const inSpace = randomUUID();
    await chat.putThread(inSpace, threadBody('space-lister', { spaceId: 'space-42' }));
    await chat.putThread(randomUUID(), threadBody('space-lister'));
    const answer = await libraryClient(svc.url, await svc.userToken('space-lister')).list('spaceId=space-42');
    expect(answer.status).toBe(200);
    expect((answer.body.threads as Array<{ id: string }>).map((thread) => thread.id)).toEqual([inSpace]);
  });

  it('a new user has an empty library', async () => {
    const client = libraryClient(svc.url, await svc.userToken(`new-${randomUUID()}`));
    const response = await client.list();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ threads: [], nextCursor: null });
  });

  it('lists thread summaries without messages, and opens one with its messages oldest first', async () => {
    const user = `reader-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId, messageId } = await chat.answeredThread(user, { title: 'Boiling water' });
    const followUp = randomUUID();
    await chat.putMessage(threadId, followUp, messageBody(user, { query: 'And on Everest?' }));

    const list = await client.list();
    expect(list.body.threads[0]).toMatchObject({
      id: threadId,
      title: 'Boiling water',
      saved: false,
      shareId: null,
    });
    expect(list.body.threads[0]).not.toHaveProperty('messages');

    const opened = await client.get(threadId);
    expect(opened.status).toBe(200);
    expect(opened.body.thread.id).toBe(threadId);
    expect(opened.body.messages.map((m: { id: string }) => m.id)).toEqual([messageId, followUp]);
  });
});

describe('full-text search', () => {
  it('finds threads by words in answers, questions and titles, in any language', async () => {
    const user = `searcher-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    await chat.answeredThread(user, {
      title: 'Volcanoes',
      query: 'How do volcanoes form?',
      answer: 'Magma rises through the crust where tectonic plates diverge.',
    });
    await chat.answeredThread(user, {
      title: 'Квантовые компьютеры',
      query: 'Что такое кубит?',
      answer: 'Кубит — единица квантовой информации.',
    });
    await chat.answeredThread(user, {
      title: 'Bread',
      query: 'How to bake sourdough?',
      answer: 'Feed the starter.',
    });
    // Someone else's thread with the same words is never found.
    await chat.answeredThread(`other-${randomUUID()}`, { title: 'Tectonic', answer: 'tectonic plates' });

    expect(titles(await client.list('q=tectonic'))).toEqual(['Volcanoes']);
    expect(titles(await client.list('q=SOURDOUGH'))).toEqual(['Bread']);
    expect(titles(await client.list(`q=${encodeURIComponent('кубит')}`))).toEqual(['Квантовые компьютеры']);
    expect(titles(await client.list(`q=${encodeURIComponent('квантовые')}`))).toEqual([
      'Квантовые компьютеры',
    ]);
    expect(titles(await client.list(`q=${encodeURIComponent('"tectonic plates"')}`))).toEqual(['Volcanoes']);
    expect(titles(await client.list(`q=${encodeURIComponent('magma -crust')}`))).toEqual([]);
    expect(titles(await client.list('q=nonexistentword'))).toEqual([]);
    // Punctuation alone makes an empty query: nothing matches, and nothing breaks.
    const punctuation = await client.list(`q=${encodeURIComponent('&|!')}`);
    expect(punctuation.status).toBe(200);
    expect(punctuation.body.threads).toEqual([]);
  });

  it('finds a thread by its new title after a rename', async () => {
    const user = `renamer-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user, { title: 'Untitled' });
    await client.patch(threadId, { title: 'Platypus facts' });
    expect(titles(await client.list('q=platypus'))).toEqual(['Platypus facts']);
  });
});

describe('rename, bookmark, delete', () => {
  it('renames a thread, trimming the title', async () => {
    const user = `editor-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user);
    const response = await client.patch(threadId, { title: '  Water at altitude  ' });
    expect(response.status).toBe(200);
    expect(response.body.thread).toMatchObject({ id: threadId, title: 'Water at altitude', saved: false });
    expect((await client.get(threadId)).body.thread.title).toBe('Water at altitude');
  });

  it('bookmarks threads and filters the library by saved', async () => {
    const user = `saver-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const kept = await chat.answeredThread(user, { title: 'keep me' });
    await chat.answeredThread(user, { title: 'ephemeral' });
    const unsaved = await chat.answeredThread(user, { title: 'saved then unsaved' });

    expect((await client.patch(kept.threadId, { saved: true })).body.thread.saved).toBe(true);
    await client.patch(unsaved.threadId, { saved: true });
    await client.patch(unsaved.threadId, { saved: false });

    expect(titles(await client.list('saved=true'))).toEqual(['keep me']);
    expect(titles(await client.list('saved=false'))).toEqual(['saved then unsaved', 'ephemeral']);
    expect(titles(await client.list('saved=true&q=keep'))).toEqual(['keep me']);
    expect(titles(await client.list('saved=true&q=ephemeral'))).toEqual([]);
  });

  it('renaming and bookmarking do not reorder the library (the order is question activity)', async () => {
    const user = `orderer-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const first = await chat.answeredThread(user, { title: 'first' });
    await chat.answeredThread(user, { title: 'second' });
    await client.patch(first.threadId, { title: 'first, renamed', saved: true });
    expect(titles(await client.list())).toEqual(['second', 'first, renamed']);
  });

  it('deletes a thread and its messages; afterwards it is 404 everywhere', async () => {
    const user = `deleter-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user);
    const kept = await chat.answeredThread(user, { title: 'kept' });

    const response = await client.remove(threadId);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();

    expect((await client.get(threadId)).status).toBe(404);
    expect((await client.remove(threadId)).status).toBe(404);
    expect((await chat.getThread(threadId, user)).status).toBe(404);
    expect((await chat.putMessage(threadId, randomUUID(), messageBody(user))).status).toBe(404);
    const orphans = await svc.database.db
      .selectFrom('messages')
      .select('id')
      .where('thread_id', '=', threadId)
      .execute();
    expect(orphans).toEqual([]);
    expect(titles(await client.list())).toEqual(['kept']);
    expect((await client.get(kept.threadId)).status).toBe(200);
  });
});
