import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSvc, libraryClient } from '../../library-svc/test/harness.ts';
import {
  call,
  errorOf,
  type ProjectsClient,
  type ProjectsStack,
  projectsClient,
  startProjectsStack,
} from './harness.ts';

let stack: ProjectsStack;
let alice: ProjectsClient;
let mallory: ProjectsClient;
let chat: ReturnType<typeof chatSvc>;

beforeAll(async () => {
  stack = await startProjectsStack();
  alice = projectsClient(stack.url, await stack.token('alice'));
  mallory = projectsClient(stack.url, await stack.token('mallory'));
  chat = chatSvc(stack.library.url);
});
afterAll(() => stack?.close());

/** A thread in library-svc, saved as chat-svc saves an answer. */
const threadOf = async (userId: string, title: string) =>
  (await chat.answeredThread(userId, { title })).threadId;

const newCollection = async (
  client: ProjectsClient,
  body: Record<string, unknown> = { name: 'Reading list' },
) => {
  const response = await client.createCollection(body);
  expect(response.status).toBe(201);
  return response.body.collection;
};

const sharedRead = (shareId: string) => call(`${stack.url}/api/v1/collections/shared/${shareId}`);

describe('collections', () => {
  it('creates, reads, lists, renames and deletes', async () => {
    const created = await newCollection(alice, {
      name: '  Climate  ',
      description: 'Everything on sea levels',
    });
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Climate',
      description: 'Everything on sea levels',
      threadIds: [],
      shareId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await alice.getCollection(created.id)).body.collection).toEqual(created);
    const other = await newCollection(alice, { name: 'Other' });
    const list = await alice.listCollections();
    expect(list.body.collections.map((c: { id: string }) => c.id).slice(0, 2)).toEqual([
      other.id,
      created.id,
    ]);

    const renamed = await alice.patchCollection(created.id, { name: 'Sea levels' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.collection).toMatchObject({
      name: 'Sea levels',
      description: 'Everything on sea levels',
    });
    expect((await alice.patchCollection(created.id, { description: '' })).body.collection.description).toBe(
      '',
    );

    expect((await alice.deleteCollection(created.id)).status).toBe(204);
    expect(errorOf(await alice.getCollection(created.id))).toEqual({ status: 404, code: 'not_found' });
    expect(errorOf(await alice.deleteCollection(created.id))).toEqual({ status: 404, code: 'not_found' });
  });

  it('adds the caller’s own threads in order; adding one twice keeps one', async () => {
    const collection = await newCollection(alice);
    const first = await threadOf('alice', 'Why is the sea salty?');
    const second = await threadOf('alice', 'How deep is the Mariana Trench?');
    const added = await alice.addThread(collection.id, first);
    expect(added.status).toBe(201);
    expect(added.body.collection.threadIds).toEqual([first]);
    expect((await alice.addThread(collection.id, second)).body.collection.threadIds).toEqual([first, second]);
    // Opened, the collection names its threads in order (titles from library-svc).
    const opened = await alice.getCollection(collection.id);
    expect(
      opened.body.threads.map((thread: { id: string; title: string }) => [thread.id, thread.title]),
    ).toEqual([
      [first, 'Why is the sea salty?'],
      [second, 'How deep is the Mariana Trench?'],
    ]);
    const again = await alice.addThread(collection.id, first);
    expect(again.status).toBe(200);
    expect(again.body.collection.threadIds).toEqual([first, second]);

    expect((await alice.removeThread(collection.id, first)).status).toBe(204);
    expect((await alice.getCollection(collection.id)).body.collection.threadIds).toEqual([second]);
    expect(errorOf(await alice.removeThread(collection.id, first))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('another user’s thread, or an unknown one, is 404 and is not added', async () => {
    const collection = await newCollection(alice);
    const foreign = await threadOf('mallory', 'Mallory’s private question');
    expect(errorOf(await alice.addThread(collection.id, foreign))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(errorOf(await alice.addThread(collection.id, randomUUID()))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await alice.getCollection(collection.id)).body.collection.threadIds).toEqual([]);
  });

  it('reorders with a permutation of its threads; anything else is 400 and changes nothing', async () => {
    const collection = await newCollection(alice);
    const ids = [];
    for (const title of ['One', 'Two', 'Three']) {
      const id = await threadOf('alice', title);
      ids.push(id);
      await alice.addThread(collection.id, id);
    }
    const [a, b, c] = ids as [string, string, string];
    const reordered = await alice.reorder(collection.id, [c, a, b]);
    expect(reordered.status).toBe(200);
    expect(reordered.body.collection.threadIds).toEqual([c, a, b]);

    for (const bad of [[c, a], [c, a, b, randomUUID()], [c, a, a], [c, a, randomUUID()], []]) {
      const response = await alice.reorder(collection.id, bad);
      expect(errorOf(response)).toEqual({ status: 400, code: 'validation_failed' });
      expect(response.body.error.details[0].path).toBe('body.threadIds');
    }
    expect(errorOf(await alice.reorder(collection.id, ['not-a-uuid']))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect((await alice.getCollection(collection.id)).body.collection.threadIds).toEqual([c, a, b]);
    // Removing one and adding it back puts it at the end.
    await alice.removeThread(collection.id, c);
    expect((await alice.addThread(collection.id, c)).body.collection.threadIds).toEqual([a, b, c]);
  });

  it('shares as a read-only link with titles and each thread’s own share path; revoking ends it', async () => {
    const collection = await newCollection(alice, { name: 'Ocean facts', description: 'For the class' });
    const sharedThread = await threadOf('alice', 'Why is the sea salty?');
    const privateThread = await threadOf('alice', 'How deep is the Mariana Trench?');
    const deletedThread = await threadOf('alice', 'Soon gone');
    for (const id of [privateThread, sharedThread, deletedThread]) await alice.addThread(collection.id, id);
    const library = libraryClient(stack.library.url, await stack.library.userToken('alice'));
    const threadShare = await library.share(sharedThread);
    expect(threadShare.status).toBe(201);
    expect((await library.remove(deletedThread)).status).toBe(204);

    const shared = await alice.share(collection.id);
    expect(shared.status).toBe(201);
    expect(shared.body).toEqual({
      shareId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      path: `/api/v1/collections/shared/${shared.body.shareId}`,
    });
    const again = await alice.share(collection.id);
    expect(again.status).toBe(200);
    expect(again.body.shareId).toBe(shared.body.shareId);
    expect((await alice.getCollection(collection.id)).body.collection.shareId).toBe(shared.body.shareId);

    const read = await sharedRead(shared.body.shareId);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(read.body).toEqual({
      collection: { name: 'Ocean facts', description: 'For the class' },
      threads: [
        { title: 'How deep is the Mariana Trench?', sharedPath: null },
        { title: 'Why is the sea salty?', sharedPath: threadShare.body.path },
      ],
    });
    // The path is library-svc's own shared-thread route, readable by anyone.
    const thread = await call(`${stack.library.url}${threadShare.body.path}`);
    expect(thread.body.thread.title).toBe('Why is the sea salty?');

    expect((await alice.unshare(collection.id)).status).toBe(204);
    expect(errorOf(await sharedRead(shared.body.shareId))).toEqual({ status: 404, code: 'not_found' });
    expect((await alice.getCollection(collection.id)).body.collection.shareId).toBeNull();
    expect((await alice.unshare(collection.id)).status).toBe(204);
  });

  it('malformed and unknown share links are the same 404', async () => {
    for (const shareId of ['x', 'a'.repeat(22), '../../projects', 'A'.repeat(200)]) {
      const response = await sharedRead(encodeURIComponent(shareId));
      expect(errorOf(response)).toEqual({ status: 404, code: 'not_found' });
    }
  });

  it('another user’s collection is 404 on every route, and stays as it was', async () => {
    const collection = await newCollection(alice, { name: 'Alice only' });
    const thread = await threadOf('alice', 'Alice’s thread');
    await alice.addThread(collection.id, thread);
    const malloryThread = await threadOf('mallory', 'Mallory’s thread');
    const id = collection.id;
    for (const response of [
      await mallory.getCollection(id),
      await mallory.patchCollection(id, { name: 'Mine' }),
      await mallory.deleteCollection(id),
      await mallory.addThread(id, malloryThread),
      await mallory.removeThread(id, thread),
      await mallory.reorder(id, [thread]),
      await mallory.share(id),
      await mallory.unshare(id),
    ]) {
      expect(errorOf(response)).toEqual({ status: 404, code: 'not_found' });
    }
    expect((await mallory.listCollections()).body.collections.map((c: { id: string }) => c.id)).not.toContain(
      id,
    );
    const mine = await alice.getCollection(id);
    expect(mine.body.collection).toMatchObject({ name: 'Alice only', threadIds: [thread], shareId: null });
  });

  it('needs a signed-in caller (the shared read does not)', async () => {
    expect(errorOf(await call(`${stack.url}/api/v1/collections`))).toEqual({
      status: 401,
      code: 'unauthorized',
    });
    expect(errorOf(await call(`${stack.url}/api/v1/collections/${randomUUID()}`))).toEqual({
      status: 401,
      code: 'unauthorized',
    });
  });
});
