import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NotificationsServiceUnderTest,
  notifier,
  startNotificationsService,
  taskResult,
  userClient,
} from './harness.ts';

// No channel but in-app matters here, so the worker stays off: nothing is sent anywhere.
let svc: NotificationsServiceUnderTest;
beforeAll(async () => {
  svc = await startNotificationsService({}, { worker: false });
});
afterAll(() => svc?.close());

async function userWith(count: number) {
  const userId = randomUUID();
  const client = userClient(svc.url, await svc.token(userId));
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const answer = await notifier(svc.url).notify(taskResult(userId, { title: `Result ${index}` }));
    ids.push(answer.body.id);
    // Distinct creation times (millisecond precision), so "newest first" has one right answer.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  // Newest first.
  return { userId, client, ids: ids.reverse() };
}

describe('the inbox', () => {
  it('lists newest first, with every field', async () => {
    const { client, ids } = await userWith(3);
    const answer = await client.list();
    expect(answer.status).toBe(200);
    expect(answer.body.nextCursor).toBeNull();
    expect(answer.body.notifications.map((n: { id: string }) => n.id)).toEqual(ids);
    expect(answer.body.notifications[0]).toEqual({
      id: ids[0],
      kind: 'task_result',
      title: 'Result 2',
      body: expect.any(String),
      url: '/thread/0b7f7b4e-5d1c-4c55-a8b2-4d1a3e9f0c21',
      read: false,
      readAt: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('pages with the cursor until nextCursor is null, each notification exactly once', async () => {
    const { client, ids } = await userWith(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const query: string = `limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const answer = await client.list(query);
      expect(answer.status).toBe(200);
      expect(answer.body.notifications.length).toBeLessThanOrEqual(3);
      seen.push(...answer.body.notifications.map((n: { id: string }) => n.id));
      cursor = answer.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(ids);
  });

  it('unread filter, unread count, mark one read (idempotent), mark all read', async () => {
    const { client, ids } = await userWith(4);
    expect((await client.unreadCount()).body).toEqual({ unread: 4 });
    const marked = await client.markRead(ids[1]!);
    expect(marked.status).toBe(200);
    expect(marked.body.notification).toMatchObject({ id: ids[1], read: true, readAt: expect.any(String) });
    const again = await client.markRead(ids[1]!);
    expect(again.body.notification.readAt).toBe(marked.body.notification.readAt);
    expect((await client.unreadCount()).body).toEqual({ unread: 3 });
    const unread = (await client.list('unread=true')).body.notifications.map((n: { id: string }) => n.id);
    expect(unread).toEqual([ids[0], ids[2], ids[3]]);
    expect((await client.list('unread=false')).body.notifications).toHaveLength(4);
    expect((await client.markAllRead()).body).toEqual({ marked: 3 });
    expect((await client.unreadCount()).body).toEqual({ unread: 0 });
    expect((await client.list('unread=true')).body.notifications).toEqual([]);
    expect((await client.markAllRead()).body).toEqual({ marked: 0 });
  });

  it('delete removes it from the list and the count; a second delete is 404; its event stays deduplicated', async () => {
    const { userId, client, ids } = await userWith(2);
    expect((await client.remove(ids[0]!)).status).toBe(204);
    expect((await client.remove(ids[0]!)).status).toBe(404);
    expect((await client.get(ids[0]!)).status).toBe(404);
    expect((await client.markRead(ids[0]!)).status).toBe(404);
    expect((await client.list()).body.notifications.map((n: { id: string }) => n.id)).toEqual([ids[1]]);
    expect((await client.unreadCount()).body).toEqual({ unread: 1 });
    // The content is gone from the database, not only hidden.
    const row = await svc.database.db
      .selectFrom('notifications')
      .select(['title', 'body', 'url', 'event_id'])
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: '', body: '', url: null });
    const resent = await notifier(svc.url).notify(taskResult(userId, { eventId: row.event_id }));
    expect(resent.body).toEqual({ id: ids[0], duplicate: true });
    expect((await client.list()).body.notifications).toHaveLength(1);
  });

  it('an unknown id is 404', async () => {
    const { client } = await userWith(0);
    const id = randomUUID();
    for (const answer of [await client.get(id), await client.markRead(id), await client.remove(id)]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({ code: 'not_found', message: 'Notification not found' });
    }
  });
});
