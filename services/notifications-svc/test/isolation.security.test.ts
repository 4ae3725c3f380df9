import { randomUUID } from 'node:crypto';
import { type FakePushService, startFakePushService } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  type NotificationsServiceUnderTest,
  notifier,
  SERVICE_TOKEN,
  startNotificationsService,
  taskResult,
  userClient,
} from './harness.ts';

let svc: NotificationsServiceUnderTest;
let push: FakePushService;
let alice: ReturnType<typeof userClient>;
let mallory: ReturnType<typeof userClient>;
const aliceId = randomUUID();
const malloryId = randomUUID();

beforeAll(async () => {
  push = await startFakePushService();
  svc = await startNotificationsService();
  alice = userClient(svc.url, await svc.token(aliceId));
  mallory = userClient(svc.url, await svc.token(malloryId));
});
afterAll(async () => {
  await svc?.close();
  await push?.close();
});

describe("another user's notifications", () => {
  it('are 404 for get, mark read and delete, and nothing of them changes', async () => {
    const { body } = await notifier(svc.url).notify(taskResult(aliceId, { title: 'Your biopsy results' }));
    for (const answer of [
      await mallory.get(body.id),
      await mallory.markRead(body.id),
      await mallory.remove(body.id),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({ code: 'not_found', message: 'Notification not found' });
    }
    const own = await alice.get(body.id);
    expect(own.body.notification).toMatchObject({ title: 'Your biopsy results', read: false });
  });

  it('never show up in their list or count, and "mark all read" touches only their own', async () => {
    await notifier(svc.url).notify(taskResult(aliceId));
    expect((await mallory.list()).body.notifications).toEqual([]);
    expect((await mallory.list('unread=true')).body.notifications).toEqual([]);
    expect((await mallory.unreadCount()).body).toEqual({ unread: 0 });
    expect((await mallory.markAllRead()).body).toEqual({ marked: 0 });
    expect((await alice.unreadCount()).body.unread).toBeGreaterThan(0);
  });

  it("a cursor made from Alice's page shows Mallory nothing of Alice's", async () => {
    for (let index = 0; index < 3; index += 1) await notifier(svc.url).notify(taskResult(aliceId));
    const cursor = (await alice.list('limit=1')).body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    expect((await mallory.list(`cursor=${cursor}`)).body.notifications).toEqual([]);
  });
});

describe("another user's push subscriptions", () => {
  it('cannot be listed, deleted or unsubscribed; subscribing the same endpoint does not take it over', async () => {
    const subscription = push.createSubscription();
    const saved = (await alice.subscribe(subscription)).body.subscription;
    expect((await mallory.subscriptions()).body.subscriptions).toEqual([]);
    const removed = await mallory.removeSubscription(saved.id);
    expect(removed.status).toBe(404);
    expect(removed.body.error).toMatchObject({ code: 'not_found', message: 'Subscription not found' });
    expect((await mallory.unsubscribe(subscription.endpoint)).status).toBe(404);
    // Mallory registering Alice's endpoint makes a row of Mallory's; Alice's stays hers.
    expect((await mallory.subscribe(subscription)).status).toBe(201);
    expect((await mallory.unsubscribe(subscription.endpoint)).status).toBe(204);
    expect((await alice.subscriptions()).body.subscriptions.map((s: { id: string }) => s.id)).toEqual([
      saved.id,
    ]);
  });

  it("Alice's notifications go to Alice's browsers only", async () => {
    const aliceBrowser = push.createSubscription();
    const malloryBrowser = push.createSubscription();
    await alice.subscribe(aliceBrowser);
    await mallory.subscribe(malloryBrowser);
    await notifier(svc.url).notify(taskResult(aliceId, { title: 'For Alice' }));
    await svc.jobsSettled();
    expect(push.receivedBy(malloryBrowser.endpoint)).toEqual([]);
    expect(push.receivedBy(aliceBrowser.endpoint).map((m) => JSON.parse(m.payload).title)).toEqual([
      'For Alice',
    ]);
  });
});

describe('who may call at all', () => {
  it('the internal route does not exist without the right service token (404)', async () => {
    const url = `${svc.url}/internal/v1/notifications`;
    const body = taskResult(aliceId);
    const wrongTokens: Record<string, string>[] = [{}, { 'x-service-token': 'wrong-token-0123456789abcdef' }];
    for (const headers of wrongTokens) {
      const answer = await call(url, { body, headers });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    // A user's access token is not a service token either.
    const withUserToken = await call(url, { body, token: await svc.token(malloryId) });
    expect(withUserToken.status).toBe(404);
    expect((await call(url, { body, serviceToken: SERVICE_TOKEN })).status).toBe(202);
  });

  it('the public routes need a valid access token (401)', async () => {
    const root = `${svc.url}/api/v1/notifications`;
    for (const [path, method] of [
      ['', 'GET'],
      ['/unread-count', 'GET'],
      ['/read-all', 'POST'],
      ['/preferences', 'GET'],
      ['/push/key', 'GET'],
      ['/push/subscriptions', 'GET'],
      [`/${randomUUID()}`, 'DELETE'],
    ] as const) {
      const answer = await call(`${root}${path}`, { method });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
      expect((await call(`${root}${path}`, { method, token: 'not-a-jwt' })).body.error.code).toBe(
        'invalid_token',
      );
    }
  });
});
