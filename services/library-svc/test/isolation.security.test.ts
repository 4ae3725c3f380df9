import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatSvc,
  type LibraryServiceUnderTest,
  libraryClient,
  messageBody,
  readShared,
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

/** Everything stored about a thread, to compare before and after an intruder tries. */
async function snapshot(threadId: string) {
  const thread = await svc.database.db
    .selectFrom('threads')
    .selectAll()
    .where('id', '=', threadId)
    .executeTakeFirst();
  const messages = await svc.database.db
    .selectFrom('messages')
    .selectAll()
    .where('thread_id', '=', threadId)
    .orderBy('position')
    .execute();
  return { thread, messages };
}

describe("user B reaching for user A's thread", () => {
  it('gets 404 from every public route, and nothing of A changes', async () => {
    const alice = libraryClient(svc.url, await svc.userToken('alice'));
    const bob = libraryClient(svc.url, await svc.userToken('bob'));
    const { threadId } = await chat.answeredThread('alice', { title: 'Alice private thread' });
    const before = await snapshot(threadId);

    const attempts = [
      await bob.get(threadId),
      await bob.patch(threadId, { title: 'owned by bob' }),
      await bob.patch(threadId, { saved: true }),
      await bob.share(threadId),
      await bob.unshare(threadId),
      await bob.remove(threadId),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect(await snapshot(threadId)).toEqual(before);
    expect((await bob.list()).body.threads).toEqual([]);
    expect((await bob.list('q=private')).body.threads).toEqual([]);
    expect((await alice.get(threadId)).status).toBe(200);
  });

  it("cannot revoke A's share link", async () => {
    const alice = libraryClient(svc.url, await svc.userToken('alice'));
    const bob = libraryClient(svc.url, await svc.userToken('bob'));
    const { threadId } = await chat.answeredThread('alice');
    const { shareId } = (await alice.share(threadId)).body;
    expect((await bob.unshare(threadId)).status).toBe(404);
    expect((await readShared(svc.url, shareId)).status).toBe(200);
  });

  it("gets 404 through chat-svc's internal routes with B's userId, and nothing of A changes", async () => {
    const { threadId, messageId } = await chat.answeredThread('alice');
    const before = await snapshot(threadId);

    expect((await chat.getThread(threadId, 'bob')).status).toBe(404);
    expect((await chat.putThread(threadId, threadBody('bob', { title: 'mine' }))).status).toBe(404);
    const overwrite = await chat.putMessage(
      threadId,
      messageId,
      messageBody('bob', { answer: 'overwritten' }),
    );
    expect(overwrite.status).toBe(404);
    const append = await chat.putMessage(threadId, randomUUID(), messageBody('bob', { answer: 'appended' }));
    expect(append.status).toBe(404);

    // Bob's own thread cannot take over Alice's message id either.
    const bobThread = randomUUID();
    await chat.putThread(bobThread, threadBody('bob'));
    const steal = await chat.putMessage(bobThread, messageId, messageBody('bob', { answer: 'stolen' }));
    expect(steal.status).toBe(409);

    expect(await snapshot(threadId)).toEqual(before);
    expect((await chat.getThread(bobThread, 'bob')).body.messages).toEqual([]);
  });

  it('never logs access tokens', async () => {
    const token = await svc.userToken('alice');
    await libraryClient(svc.url, token).list();
    expect(svc.logs.text()).not.toContain(token);
  });
});
