import { randomUUID } from 'node:crypto';
import { type FakePushService, startFakePushService } from '@perplexica/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type NotificationsServiceUnderTest,
  notifier,
  startNotificationsService,
  taskResult,
  userClient,
} from './harness.ts';

let svc: NotificationsServiceUnderTest;
let push: FakePushService;

beforeAll(async () => {
  push = await startFakePushService();
  svc = await startNotificationsService();
});
afterEach(() => push.reset());
afterAll(async () => {
  await svc?.close();
  await push?.close();
});

async function newUser() {
  const id = randomUUID();
  return { id, client: userClient(svc.url, await svc.token(id)) };
}

async function subscribedUser(browsers = 1) {
  const user = await newUser();
  const subscriptions = [];
  for (let index = 0; index < browsers; index += 1) {
    const subscription = push.createSubscription();
    expect((await user.client.subscribe(subscription)).status).toBe(201);
    subscriptions.push(subscription);
  }
  return { ...user, subscriptions };
}

async function notifyAndSettle(body: Record<string, unknown>) {
  const answer = await notifier(svc.url).notify(body);
  expect(answer.status).toBe(202);
  await svc.jobsSettled();
  return answer.body as { id: string; duplicate: boolean };
}

describe('the VAPID key and subscriptions', () => {
  it('GET /push/key gives the configured application server key', async () => {
    const { client } = await newUser();
    const answer = await client.pushKey();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ publicKey: svc.config.VAPID_PUBLIC_KEY });
  });

  it('subscribing twice with one endpoint updates it; list shows no keys; delete and unsubscribe remove it', async () => {
    const { client } = await newUser();
    const first = push.createSubscription();
    const created = await client.subscribe({ ...first, expirationTime: null });
    expect(created.status).toBe(201);
    expect(created.body.subscription).toEqual({
      id: expect.any(String),
      endpoint: first.endpoint,
      userAgent: expect.any(String),
      createdAt: expect.any(String),
    });
    const again = await client.subscribe({ ...first, keys: push.createSubscription().keys });
    expect(again.status).toBe(200);
    expect(again.body.subscription.id).toBe(created.body.subscription.id);
    const second = push.createSubscription();
    await client.subscribe(second);
    const listed = (await client.subscriptions()).body.subscriptions;
    expect(listed.map((s: { endpoint: string }) => s.endpoint).sort()).toEqual(
      [first.endpoint, second.endpoint].sort(),
    );
    expect(JSON.stringify(listed)).not.toContain(first.keys.auth);
    expect((await client.removeSubscription(created.body.subscription.id)).status).toBe(204);
    expect((await client.unsubscribe(second.endpoint)).status).toBe(204);
    expect((await client.subscriptions()).body.subscriptions).toEqual([]);
    expect((await client.unsubscribe(second.endpoint)).status).toBe(404);
  });

  it('keeps at most PUSH_MAX_SUBSCRIPTIONS_PER_USER, dropping the least recently subscribed', async () => {
    const small = await startNotificationsService(
      { PUSH_MAX_SUBSCRIPTIONS_PER_USER: '2' },
      { worker: false },
    );
    try {
      const client = userClient(small.url, await small.token(randomUUID()));
      const [a, b, c] = [push.createSubscription(), push.createSubscription(), push.createSubscription()];
      for (const subscription of [a, b, c]) expect((await client.subscribe(subscription)).status).toBe(201);
      const endpoints = (await client.subscriptions()).body.subscriptions.map(
        (s: { endpoint: string }) => s.endpoint,
      );
      expect(endpoints.sort()).toEqual([b.endpoint, c.endpoint].sort());
    } finally {
      await small.close();
    }
  });
});

describe('sending', () => {
  it('reaches every subscribed browser: VAPID verified by the push service, payload decrypted (RFC 8291)', async () => {
    const user = await subscribedUser(2);
    const event = taskResult(user.id);
    const { id } = await notifyAndSettle(event);
    for (const subscription of user.subscriptions) {
      const messages = push.receivedBy(subscription.endpoint);
      expect(messages).toHaveLength(1);
      const message = messages[0]!;
      expect(message.vapidPublicKey).toBe(svc.config.VAPID_PUBLIC_KEY);
      expect(message.subject).toBe('mailto:ops@perplexica.test');
      expect(message.ttl).toBe(svc.config.PUSH_TTL_SECONDS);
      expect(message.urgency).toBe('normal');
      expect(message.topic).toBe(id.replaceAll('-', ''));
      expect(JSON.parse(message.payload)).toEqual({
        id,
        kind: 'task_result',
        title: event.title,
        body: event.body,
        url: event.url,
        createdAt: expect.any(String),
      });
    }
    const deliveries = await svc.deliveries(id);
    expect(deliveries.map((d) => [d.channel, d.status, d.tries])).toEqual([
      ['push', 'sent', 1],
      ['push', 'sent', 1],
    ]);
  });

  it('security notifications go out with high urgency; a body too long for one push record is shortened', async () => {
    const user = await subscribedUser();
    const longBody = 'Ω'.repeat(4000);
    const { id } = await notifyAndSettle(
      taskResult(user.id, { kind: 'security', title: 'New sign-in', body: longBody }),
    );
    const message = push.receivedBy(user.subscriptions[0]!.endpoint)[0]!;
    expect(message.urgency).toBe('high');
    const payload = JSON.parse(message.payload);
    expect(payload.body.endsWith('…')).toBe(true);
    expect(longBody.startsWith(payload.body.slice(0, -1))).toBe(true);
    expect(payload.body.length).toBeGreaterThan(1000);
    // The inbox keeps all of it.
    const client = userClient(svc.url, await svc.token(user.id));
    expect((await client.get(id)).body.notification.body).toBe(longBody);
  });

  for (const [mode, status] of [
    ['gone', 410],
    ['not_found', 404],
  ] as const) {
    it(`a ${status} from the push service drops the subscription, which is never tried again`, async () => {
      const user = await subscribedUser(2);
      const [dead, alive] = user.subscriptions as [
        (typeof user.subscriptions)[0],
        (typeof user.subscriptions)[0],
      ];
      push.setMode(mode, dead.endpoint);
      const first = await notifyAndSettle(taskResult(user.id));
      expect(push.attempts.filter((a) => a.endpoint === dead.endpoint).map((a) => a.status)).toEqual([
        status,
      ]);
      expect(push.receivedBy(alive.endpoint)).toHaveLength(1);
      const rows = await svc.database.db
        .selectFrom('push_subscriptions')
        .select('endpoint')
        .where('user_id', '=', user.id)
        .execute();
      expect(rows.map((row) => row.endpoint)).toEqual([alive.endpoint]);
      expect((await svc.deliveries(first.id)).map((d) => d.status).sort()).toEqual(['gone', 'sent']);

      await notifyAndSettle(taskResult(user.id));
      expect(push.attempts.filter((a) => a.endpoint === dead.endpoint)).toHaveLength(1);
      expect(push.receivedBy(alive.endpoint)).toHaveLength(2);
    });
  }

  it('429 and 500 are retried with backoff until the push service takes the message, once', async () => {
    const user = await subscribedUser();
    const endpoint = user.subscriptions[0]!.endpoint;
    push.setMode('rate_limited', endpoint);
    const answer = await notifier(svc.url).notify(taskResult(user.id));
    expect(answer.status).toBe(202);
    const deadline = Date.now() + 15_000;
    // Switched as soon as each failure is seen; the job still has attempts to spare after that.
    while (push.attempts.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    push.setMode('error', endpoint);
    while (push.attempts.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    push.setMode('ok', endpoint);
    await svc.jobsSettled();
    expect(push.attempts.map((a) => a.status).slice(0, 2)).toEqual([429, 500]);
    expect(push.attempts.at(-1)?.status).toBe(201);
    expect(push.receivedBy(endpoint)).toHaveLength(1);
    const [delivery] = await svc.deliveries(answer.body.id);
    expect(delivery).toMatchObject({ status: 'sent', tries: push.attempts.length, last_error: null });
  });

  it('gives up after NOTIFICATIONS_ATTEMPTS tries: recorded failed, not retried forever', async () => {
    const user = await subscribedUser();
    const endpoint = user.subscriptions[0]!.endpoint;
    push.setMode('error', endpoint);
    const answer = await notifier(svc.url).notify(taskResult(user.id));
    await svc.jobsSettled();
    expect(push.attempts).toHaveLength(svc.config.NOTIFICATIONS_ATTEMPTS);
    const [delivery] = await svc.deliveries(answer.body.id);
    expect(delivery).toMatchObject({ status: 'failed', tries: svc.config.NOTIFICATIONS_ATTEMPTS });
    expect(delivery?.last_error).toContain('500');
    // The subscription itself is kept: a failing push service is not a gone subscription.
    expect(
      (await userClient(svc.url, await svc.token(user.id)).subscriptions()).body.subscriptions,
    ).toHaveLength(1);
    const row = await svc.database.db
      .selectFrom('notifications')
      .select('dispatched_at')
      .where('id', '=', answer.body.id)
      .executeTakeFirstOrThrow();
    expect(row.dispatched_at).toBeInstanceOf(Date);
  });

  it('a user without subscriptions gets the in-app notification and no push', async () => {
    const user = await newUser();
    const { id } = await notifyAndSettle(taskResult(user.id));
    expect(push.attempts).toEqual([]);
    expect((await user.client.get(id)).status).toBe(200);
    expect(await svc.deliveries(id)).toEqual([]);
  });
});
