import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  chatSvc,
  type LibraryServiceUnderTest,
  libraryClient,
  messageBody,
  readShared,
  startLibraryService,
} from './harness.ts';

let svc: LibraryServiceUnderTest;
let chat: ReturnType<typeof chatSvc>;

beforeAll(async () => {
  svc = await startLibraryService();
  chat = chatSvc(svc.url);
});
afterAll(() => svc?.close());

describe('sharing', () => {
  it('shares a thread by an unguessable link anyone can read, without who owned it', async () => {
    const user = `sharer-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user, { title: 'Shared thread' });
    await chat.putMessage(threadId, randomUUID(), messageBody(user, { query: 'A follow-up?' }));

    const shared = await client.share(threadId);
    expect(shared.status).toBe(201);
    expect(shared.body.shareId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(shared.body.path).toBe(`/api/v1/library/shared/${shared.body.shareId}`);

    const view = await call(`${svc.url}${shared.body.path}`);
    expect(view.status).toBe(200);
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.body.thread).toMatchObject({ title: 'Shared thread', mode: 'balanced', focus: 'web' });
    expect(view.body.messages.map((m: { query: string }) => m.query)).toEqual([
      'What is the boiling point of water?',
      'A follow-up?',
    ]);
    expect(view.body.messages[0]).toMatchObject({
      answer: 'Water boils at 100 °C at sea level [1].',
      sources: [{ index: 1, url: 'https://example.org/boiling' }],
      status: 'complete',
    });
    const text = JSON.stringify(view.body);
    expect(text).not.toContain(user);
    expect(text).not.toContain(threadId);
    for (const hidden of ['userId', 'orgId', 'spaceId', 'shareId', 'usage', 'timings', 'error', 'threadId']) {
      expect(text).not.toContain(`"${hidden}"`);
    }

    const owner = await client.get(threadId);
    expect(owner.body.thread.shareId).toBe(shared.body.shareId);
    expect(owner.body.thread.sharePath).toBe(shared.body.path);
  });

  it('sharing again returns the same link (200)', async () => {
    const user = `sharer-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user);
    const first = await client.share(threadId);
    const again = await client.share(threadId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('concurrent share requests agree on one link', async () => {
    const user = `sharer-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user);
    const responses = await Promise.all(Array.from({ length: 8 }, () => client.share(threadId)));
    const ids = new Set(responses.map((response) => response.body.shareId));
    expect(ids.size).toBe(1);
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
  });

  it('revoking makes the old link 404 at once; sharing again gives a new link', async () => {
    const user = `revoker-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user);
    const { shareId } = (await client.share(threadId)).body;
    expect((await readShared(svc.url, shareId)).status).toBe(200);

    const revoked = await client.unshare(threadId);
    expect(revoked.status).toBe(204);
    const gone = await readShared(svc.url, shareId);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
    expect((await client.get(threadId)).body.thread.shareId).toBeNull();
    // Revoking twice is fine.
    expect((await client.unshare(threadId)).status).toBe(204);

    const reshared = await client.share(threadId);
    expect(reshared.status).toBe(201);
    expect(reshared.body.shareId).not.toBe(shareId);
    expect((await readShared(svc.url, shareId)).status).toBe(404);
    expect((await readShared(svc.url, reshared.body.shareId)).status).toBe(200);
  });

  it('a deleted thread takes its link with it', async () => {
    const user = `deleter-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user);
    const { shareId } = (await client.share(threadId)).body;
    await client.remove(threadId);
    expect((await readShared(svc.url, shareId)).status).toBe(404);
  });

  it('unknown and malformed links are the same 404', async () => {
    for (const shareId of [
      'AAAAAAAAAAAAAAAAAAAAAA',
      'short',
      'x'.repeat(300),
      '%2e%2e',
      "'; drop table threads; --",
    ]) {
      const response = await readShared(svc.url, encodeURIComponent(shareId));
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('the shared view is read-only: no write method exists on it', async () => {
    const user = `sharer-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user));
    const { threadId } = await chat.answeredThread(user, { title: 'read only' });
    const { shareId } = (await client.share(threadId)).body;
    const url = `${svc.url}/api/v1/library/shared/${shareId}`;
    for (const method of ['PATCH', 'PUT', 'POST', 'DELETE']) {
      const response = await call(url, { method, body: { title: 'vandalised' } });
      expect(response.status).toBe(404);
    }
    expect((await readShared(svc.url, shareId)).body.thread.title).toBe('read only');
  });
});
