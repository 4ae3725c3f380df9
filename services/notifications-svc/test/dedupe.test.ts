import { type FakePushService, startFakePushService } from '@perplexica/fakes';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, signUp, startAuthService } from '../../auth-svc/test/harness.ts';
import {
  type NotificationsServiceUnderTest,
  notifier,
  startNotificationsService,
  taskResult,
  userClient,
} from './harness.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.ts';

// Every channel at once (billing: in-app, push and email on by default), so "once" is checked for each.
let auth: AuthServiceUnderTest;
let smtp: TestSmtpServer;
let push: FakePushService;
let svc: NotificationsServiceUnderTest;

beforeAll(async () => {
  [auth, smtp, push] = await Promise.all([
    startAuthService({ LOG_LEVEL: 'warn' }),
    startSmtpServer(),
    startFakePushService(),
  ]);
  // Attempts to spare, so the retry tests never run out while they switch the fake back to ok.
  svc = await startNotificationsService({
    AUTH_SERVICE_URL: auth.url,
    SMTP_URL: smtp.url,
    NOTIFICATIONS_ATTEMPTS: '8',
  });
});
afterAll(async () => {
  await svc?.close();
  await Promise.all([smtp?.close(), push?.close(), auth?.close()]);
});

/** A real account with one subscribed browser. */
async function subscribedUser(instance: NotificationsServiceUnderTest) {
  const { user } = await signUp(auth.url);
  const client = userClient(instance.url, await instance.token(user.id));
  const subscription = push.createSubscription();
  expect((await client.subscribe(subscription)).status).toBe(201);
  return { user, client, endpoint: subscription.endpoint };
}

const emailsTo = (address: string) => smtp.received.filter((message) => message.to.includes(address));

describe('one event, one notification', () => {
  it('the same eventId twice: one in-app row, one email, one push; the second call says duplicate', async () => {
    const { user, client, endpoint } = await subscribedUser(svc);
    const event = taskResult(user.id, { kind: 'billing', title: 'Your invoice is ready' });
    const first = await notifier(svc.url).notify(event);
    const second = await notifier(svc.url).notify({ ...event, title: 'A different title, same event' });
    expect(first).toMatchObject({ status: 202, body: { id: expect.any(String), duplicate: false } });
    expect(second).toMatchObject({ status: 202, body: { id: first.body.id, duplicate: true } });
    await svc.jobsSettled();
    const listed = (await client.list()).body.notifications;
    expect(listed.map((n: { id: string; title: string }) => [n.id, n.title])).toEqual([
      [first.body.id, 'Your invoice is ready'],
    ]);
    expect(emailsTo(user.email)).toHaveLength(1);
    expect(push.receivedBy(endpoint)).toHaveLength(1);
  });

  it('many concurrent calls with one eventId store it once', async () => {
    const { user, client, endpoint } = await subscribedUser(svc);
    const event = taskResult(user.id, { kind: 'billing' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => notifier(svc.url).notify(event)));
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => !answer.body.duplicate)).toHaveLength(1);
    await svc.jobsSettled();
    expect((await client.list()).body.notifications).toHaveLength(1);
    expect(emailsTo(user.email)).toHaveLength(1);
    expect(push.receivedBy(endpoint)).toHaveLength(1);
  });

  it('the same eventId for two users is two notifications', async () => {
    const alice = await subscribedUser(svc);
    const bob = await subscribedUser(svc);
    const eventId = `reminder:${Date.now()}`;
    const forAlice = await notifier(svc.url).notify(taskResult(alice.user.id, { eventId }));
    const forBob = await notifier(svc.url).notify(taskResult(bob.user.id, { eventId }));
    expect(forAlice.body.duplicate).toBe(false);
    expect(forBob.body.duplicate).toBe(false);
    expect(forBob.body.id).not.toBe(forAlice.body.id);
  });

  it('running a finished job again sends nothing', async () => {
    const { user, endpoint } = await subscribedUser(svc);
    const { body } = await notifier(svc.url).notify(taskResult(user.id, { kind: 'security' }));
    await svc.jobsSettled();
    expect(await svc.deliver(body.id)).toEqual({ outcome: 'nothing_to_do', push: [], email: null });
    // And a second job for it through the queue, as a duplicate enqueue would make.
    await svc.queue.add('deliver', { notificationId: body.id }, { jobId: `again-${body.id}` });
    await svc.jobsSettled();
    expect(emailsTo(user.email)).toHaveLength(1);
    expect(push.receivedBy(endpoint)).toHaveLength(1);
  });

  it('a worker that died after sending but before finishing: the retry sends to no target twice', async () => {
    const { user, endpoint } = await subscribedUser(svc);
    const { body } = await notifier(svc.url).notify(taskResult(user.id, { kind: 'security' }));
    await svc.jobsSettled();
    // The crash: deliveries were recorded, the job's last step (marking it dispatched) never ran.
    await sql`update notifications set dispatched_at = null where id = ${body.id}`.execute(svc.database.db);
    const retried = await svc.deliver(body.id);
    expect(retried).toEqual({ outcome: 'dispatched', push: ['already'], email: 'already' });
    expect(emailsTo(user.email)).toHaveLength(1);
    expect(push.receivedBy(endpoint)).toHaveLength(1);
    expect((await svc.deliveries(body.id)).map((d) => [d.channel, d.status, d.tries])).toEqual([
      ['email', 'sent', 1],
      ['push', 'sent', 1],
    ]);
  });

  it('a retry after a partial failure sends only to what is still pending', async () => {
    const { user, client, endpoint } = await subscribedUser(svc);
    const second = push.createSubscription();
    await client.subscribe(second);
    push.setMode('error', second.endpoint);
    const { body } = await notifier(svc.url).notify(taskResult(user.id, { kind: 'billing' }));
    const deadline = Date.now() + 15_000;
    while (push.attempts.filter((a) => a.endpoint === second.endpoint).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    push.setMode('ok', second.endpoint);
    await svc.jobsSettled();
    expect(push.receivedBy(endpoint)).toHaveLength(1);
    expect(push.receivedBy(second.endpoint)).toHaveLength(1);
    expect(push.attempts.filter((a) => a.endpoint === endpoint)).toHaveLength(1);
    expect(emailsTo(user.email)).toHaveLength(1);
    const tries = (await svc.deliveries(body.id)).map((d) => [d.channel, d.status, d.tries]);
    expect(tries).toContainEqual(['email', 'sent', 1]);
    // The healthy browser was tried once; the failing one until it took the message.
    const pushTries = tries.filter(([channel]) => channel === 'push').map(([, , count]) => Number(count));
    expect(Math.min(...pushTries)).toBe(1);
    expect(Math.max(...pushTries)).toBeGreaterThanOrEqual(3);
    push.reset();
  });
});

describe('a call that stored the event but never queued its delivery', () => {
  it('is queued by the caller retrying with the same eventId, and delivered once', async () => {
    const instance = await startNotificationsService(
      { AUTH_SERVICE_URL: auth.url, SMTP_URL: smtp.url },
      { worker: false },
    );
    try {
      const { user, endpoint } = await subscribedUser(instance);
      const event = taskResult(user.id, { kind: 'billing' });
      const first = await notifier(instance.url).notify(event);
      // As if the process died between the insert and the queue: the job never existed.
      await instance.queue.remove(first.body.id);
      expect(await instance.queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
      const retry = await notifier(instance.url).notify(event);
      expect(retry.body).toEqual({ id: first.body.id, duplicate: true });
      instance.startWorker();
      await instance.jobsSettled();
      expect(emailsTo(user.email)).toHaveLength(1);
      expect(push.receivedBy(endpoint)).toHaveLength(1);
      // Once dispatched, another duplicate queues nothing.
      await notifier(instance.url).notify(event);
      expect(await instance.queue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
    } finally {
      await instance.close();
    }
  });
});
