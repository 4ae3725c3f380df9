import { randomUUID } from 'node:crypto';
import { type FakePushService, startFakePushService } from '@perplexica/fakes';
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
  svc = await startNotificationsService({ AUTH_SERVICE_URL: auth.url, SMTP_URL: smtp.url });
});
afterAll(async () => {
  await svc?.close();
  await Promise.all([smtp?.close(), push?.close(), auth?.close()]);
});

const defaults = {
  task_result: { in_app: true, push: true, email: false },
  reminder: { in_app: true, push: true, email: false },
  billing: { in_app: true, push: true, email: true },
  security: { in_app: true, push: true, email: true },
};

describe('preferences', () => {
  it('a user who never chose gets the documented defaults, and which channels are available', async () => {
    const client = userClient(svc.url, await svc.token(randomUUID()));
    const answer = await client.preferences();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      preferences: defaults,
      channels: { in_app: 'available', push: 'available', email: 'available' },
    });
  });

  it('PUT changes only the switches given and answers the whole picture; GET shows it after', async () => {
    const client = userClient(svc.url, await svc.token(randomUUID()));
    const changed = await client.putPreferences({
      preferences: { task_result: { email: true }, security: { push: false, in_app: false } },
    });
    expect(changed.status).toBe(200);
    const expected = {
      ...defaults,
      task_result: { in_app: true, push: true, email: true },
      security: { in_app: false, push: false, email: true },
    };
    expect(changed.body.preferences).toEqual(expected);
    expect(
      (await client.putPreferences({ preferences: { task_result: { push: false } } })).body.preferences,
    ).toEqual({
      ...expected,
      task_result: { in_app: true, push: false, email: true },
    });
    expect((await client.preferences()).body.preferences.task_result).toEqual({
      in_app: true,
      push: false,
      email: true,
    });
    // One user's choice is theirs alone.
    const other = userClient(svc.url, await svc.token(randomUUID()));
    expect((await other.preferences()).body.preferences).toEqual(defaults);
  });

  it('a channel switched off is not used; the others still are', async () => {
    const { user } = await signUp(auth.url);
    const client = userClient(svc.url, await svc.token(user.id));
    const subscription = push.createSubscription();
    await client.subscribe(subscription);
    await client.putPreferences({
      preferences: { billing: { email: false }, reminder: { push: false, email: true } },
    });

    const billing = await notifier(svc.url).notify(
      taskResult(user.id, { kind: 'billing', title: 'Billing' }),
    );
    const reminder = await notifier(svc.url).notify(
      taskResult(user.id, { kind: 'reminder', title: 'Reminder' }),
    );
    await svc.jobsSettled();
    expect(push.receivedBy(subscription.endpoint).map((m) => JSON.parse(m.payload).title)).toEqual([
      'Billing',
    ]);
    expect(smtp.received.filter((m) => m.to.includes(user.email)).map((m) => m.mail.subject)).toEqual([
      'Reminder',
    ]);
    expect((await svc.deliveries(billing.body.id)).map((d) => d.channel)).toEqual(['push']);
    expect((await svc.deliveries(reminder.body.id)).map((d) => d.channel)).toEqual(['email']);
  });

  it('in-app off: the notification is not in the inbox (nor counted), but still pushed', async () => {
    const userId = randomUUID();
    const client = userClient(svc.url, await svc.token(userId));
    const subscription = push.createSubscription();
    await client.subscribe(subscription);
    await client.putPreferences({ preferences: { task_result: { in_app: false } } });
    const { body } = await notifier(svc.url).notify(taskResult(userId));
    await svc.jobsSettled();
    expect((await client.list()).body.notifications).toEqual([]);
    expect((await client.unreadCount()).body).toEqual({ unread: 0 });
    expect((await client.get(body.id)).status).toBe(404);
    expect(push.receivedBy(subscription.endpoint)).toHaveLength(1);
  });

  it('everything off: stored for dedupe only, no job queued, nothing sent', async () => {
    const userId = randomUUID();
    const client = userClient(svc.url, await svc.token(userId));
    const subscription = push.createSubscription();
    await client.subscribe(subscription);
    await client.putPreferences({ preferences: { reminder: { in_app: false, push: false, email: false } } });
    const answer = await notifier(svc.url).notify(taskResult(userId, { kind: 'reminder' }));
    expect(answer.status).toBe(202);
    expect(await svc.queue.getJob(answer.body.id)).toBeUndefined();
    expect(
      (await notifier(svc.url).notify(taskResult(userId, { kind: 'reminder', eventId: 'x' }))).status,
    ).toBe(202);
    await svc.jobsSettled();
    expect(push.receivedBy(subscription.endpoint)).toEqual([]);
  });
});

describe('channels not configured (no VAPID keys, no SMTP_URL)', () => {
  let bare: NotificationsServiceUnderTest;
  beforeAll(async () => {
    bare = await startNotificationsService({ VAPID_PUBLIC_KEY: undefined, VAPID_PRIVATE_KEY: undefined });
  });
  afterAll(() => bare?.close());

  it('the push key and subscribing answer 503 not_configured; preferences say so', async () => {
    const client = userClient(bare.url, await bare.token(randomUUID()));
    for (const answer of [await client.pushKey(), await client.subscribe(push.createSubscription())]) {
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatchObject({
        code: 'not_configured',
        message: expect.stringContaining('VAPID'),
      });
    }
    expect((await client.subscriptions()).body).toEqual({ subscriptions: [] });
    expect((await client.preferences()).body.channels).toEqual({
      in_app: 'available',
      push: 'not_configured',
      email: 'not_configured',
    });
  });

  it('sending skips push and email without failing: the in-app notification is there, the job completes', async () => {
    const userId = randomUUID();
    const client = userClient(bare.url, await bare.token(userId));
    const answer = await notifier(bare.url).notify(taskResult(userId, { kind: 'security' }));
    expect(answer.status).toBe(202);
    await bare.jobsSettled();
    expect(await bare.queue.getJobCounts('failed', 'completed')).toEqual({ failed: 0, completed: 1 });
    const job = await bare.queue.getJob(answer.body.id);
    expect(job?.returnvalue).toEqual({
      outcome: 'dispatched',
      push: ['not_configured'],
      email: 'not_configured',
    });
    expect((await client.list()).body.notifications.map((n: { id: string }) => n.id)).toEqual([
      answer.body.id,
    ]);
    expect(await bare.deliveries(answer.body.id)).toEqual([]);
  });
});
