import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callJson as call, generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NotificationsServiceUnderTest,
  startNotificationsService,
} from '../../notifications-svc/test/harness.ts';
import { announceTaskRun, enqueueWebhookEvent } from '../src/webhooks/webhook-events.ts';
import { postWebhook } from '../src/webhooks/webhook-request.ts';
import { signWebhook, verifyWebhook } from '../src/webhooks/webhook-signature.ts';
import {
  answerText,
  ask,
  type ChatServiceUnderTest,
  eventOf,
  type Neighbours,
  startChatService,
  startNeighbours,
} from './harness.ts';

// A real receiver (node:http on 127.0.0.1, so WEBHOOKS_ALLOW_INSECURE is on) that checks every
// request with the verifyWebhook receivers are told to use; real task runs and quality answers
// (real library-svc and notifications-svc; SearXNG and the model are the doubles).

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: each path answers the statuses scripted for it in turn (then 200). */
function startReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = scripts.get(path)?.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
    });
  });
  return new Promise<{
    url: string;
    received: (path: string) => Received[];
    script: (path: string, statuses: number[]) => void;
    close: () => Promise<void>;
  }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received: (path) => received.filter((entry) => entry.path === path),
        script: (path, statuses) => scripts.set(path, [...statuses]),
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

let neighbours: Neighbours;
let notifications: NotificationsServiceUnderTest;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  const keys = generateSigningKeyPair();
  receiver = await startReceiver();
  neighbours = await startNeighbours();
  notifications = await startNotificationsService(
    { VAPID_PUBLIC_KEY: undefined, VAPID_PRIVATE_KEY: undefined },
    { publicKeyPem: keys.publicKeyPem },
  );
  chat = await startChatService(
    neighbours,
    {
      NOTIFICATIONS_SERVICE_URL: notifications.url,
      TASKS_BACKOFF_MS: '100',
      WEBHOOKS_ALLOW_INSECURE: 'true',
      WEBHOOKS_ATTEMPTS: '4',
      WEBHOOKS_BACKOFF_MS: '50',
      WEBHOOKS_TIMEOUT_MS: '5000',
    },
    keys,
  );
  chat.startTaskWorker();
  chat.startWebhookWorker();
});
afterAll(async () => {
  await chat?.closeAll();
  await notifications?.close();
  await neighbours?.close();
  await receiver?.close();
});

const QUESTION = 'How do solar panels convert sunlight into electricity?';

/** Polls until `check` returns a value (bounded: runs are whole answers on a shared machine). */
async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function newUser() {
  const id = randomUUID();
  const token = await chat.token(id);
  const hooks = `${chat.url}/api/v1/webhooks`;
  return {
    id,
    token,
    register: async (path: string, events: string[]) => {
      const created = await call(hooks, { body: { url: `${receiver.url}${path}`, events }, token });
      expect(created.status).toBe(201);
      return { id: created.body.webhook.id as string, secret: created.body.secret as string };
    },
    deliveries: async (webhookId: string) =>
      (await call(`${hooks}/${webhookId}/deliveries`, { token })).body.deliveries as Array<
        Record<string, any>
      >,
  };
}

/** The only request a path received, checked as a receiver would check it. */
function verifiedBody(path: string, secret: string) {
  const [request, ...more] = receiver.received(path);
  expect(more).toHaveLength(0);
  expect(request).toBeDefined();
  const { headers, body } = request as Received;
  expect(headers['content-type']).toBe('application/json');
  expect(verifyWebhook(secret, headers, body, 300)).toMatchObject({ ok: true, id: headers['webhook-id'] });
  const parsed = JSON.parse(body);
  expect(parsed.id).toBe(headers['webhook-id']);
  return parsed;
}

const settled = (deliveries: Array<Record<string, any>>) =>
  deliveries.length > 0 &&
  deliveries.every((d) => d.status === 'delivered' || d.status === 'failed') &&
  deliveries;

describe('webhook deliveries', () => {
  it('a task run now: one signed task.run delivery with the run’s thread, excerpt and sources', async () => {
    const user = await newUser();
    const hook = await user.register('/task-run', ['task.run']);
    const created = await call(`${chat.url}/api/v1/tasks`, {
      token: user.token,
      body: {
        title: 'Solar brief',
        query: QUESTION,
        mode: 'speed',
        schedule: { type: 'cron', expression: '0 6 1 1 *', timezone: 'UTC' },
      },
    });
    const taskId = created.body.task.id as string;
    expect(
      (await call(`${chat.url}/api/v1/tasks/${taskId}/run`, { method: 'POST', token: user.token })).status,
    ).toBe(202);
    const [delivery] = await eventually(async () => settled(await user.deliveries(hook.id)));
    expect(delivery).toMatchObject({
      event: 'task.run',
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
    });
    const runs = (await call(`${chat.url}/api/v1/tasks/${taskId}/runs`, { token: user.token })).body.runs;
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('succeeded');

    const body = verifiedBody('/task-run', hook.secret);
    expect(body).toMatchObject({
      id: delivery?.id,
      type: 'task.run',
      data: {
        taskId,
        runId: runs[0].id,
        title: 'Solar brief',
        threadId: runs[0].threadId,
        excerpt: runs[0].excerpt,
      },
    });
    expect(Date.parse(body.createdAt)).not.toBeNaN();
    expect(body.data.excerpt.length).toBeGreaterThan(20);
    expect(body.data.sources.length).toBeGreaterThan(0);
    expect(body.data.sources[0]).toMatchObject({ n: 1, url: expect.stringMatching(/^https?:\/\//) });

    // The same run reported again (a retried job): still one delivery, nothing queued twice.
    const context = chat.app.context;
    const task = await context.tasks.find(taskId);
    const [run] = await context.tasks.listRuns(taskId, 1);
    await announceTaskRun(context, task as NonNullable<typeof task>, run as NonNullable<typeof run>);
    expect(await user.deliveries(hook.id)).toHaveLength(1);
    expect(await context.webhookQueue.getJobCounts('waiting', 'delayed', 'active')).toEqual({
      waiting: 0,
      delayed: 0,
      active: 0,
    });
  });

  it('a quality answer on /api/v1/chat: one answer.quality delivery; a speed answer none', async () => {
    const user = await newUser();
    const hook = await user.register('/quality', ['answer.quality']);
    // Every delivery row is written before the answer's `done`, so none here means none at all.
    const speed = await ask(chat, user.token, { query: QUESTION, mode: 'speed' });
    expect(eventOf(speed.events, 'done')).toBeDefined();
    expect(await user.deliveries(hook.id)).toHaveLength(0);

    const quality = await ask(chat, user.token, { query: QUESTION, mode: 'quality' });
    expect(eventOf(quality.events, 'done')?.data.status).toBe('complete');
    const [delivery] = await eventually(async () => settled(await user.deliveries(hook.id)));
    expect(delivery).toMatchObject({ event: 'answer.quality', status: 'delivered', attempts: 1 });
    const body = verifiedBody('/quality', hook.secret);
    const sources = eventOf(quality.events, 'sources')?.data.sources;
    expect(body).toMatchObject({
      type: 'answer.quality',
      data: {
        threadId: quality.headers.get('x-thread-id'),
        messageId: quality.headers.get('x-message-id'),
        question: QUESTION,
        answer: answerText(quality.events),
      },
    });
    expect(body.data.sources.map((source: { url: string }) => source.url)).toEqual(
      sources.map((source: { url: string }) => source.url),
    );
  });

  it('a receiver answering 500 twice then 200: retried with backoff, delivered, 3 attempts logged', async () => {
    const user = await newUser();
    const hook = await user.register('/flaky', ['answer.quality']);
    receiver.script('/flaky', [500, 500, 200]);
    await enqueueWebhookEvent(chat.app.context, {
      userId: user.id,
      type: 'answer.quality',
      key: `answer:${randomUUID()}`,
      data: () => ({ answer: 'flaky' }),
    });
    const [delivery] = await eventually(async () => settled(await user.deliveries(hook.id)));
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200, error: null });
    expect(delivery?.responseExcerpt).toBe('answered 200');
    const attempts = receiver.received('/flaky');
    expect(attempts).toHaveLength(3);
    // One message, attempted three times: the same id and body, each attempt signed validly.
    for (const attempt of attempts) {
      expect(attempt.headers['webhook-id']).toBe(delivery?.id);
      expect(attempt.body).toBe(attempts[0]?.body);
      expect(verifyWebhook(hook.secret, attempt.headers, attempt.body).ok).toBe(true);
    }
    // The failed attempts were logged, by ids: never the secret, never the URL (it may hold a token).
    expect(chat.logs.text()).toContain(`webhook delivery attempt failed`);
    expect(chat.logs.text()).not.toContain(hook.secret.slice('whsec_'.length));
    expect(chat.logs.text()).not.toContain(`${receiver.url}/flaky`);
  });

  it('a receiver answering 400: failed at once, not retried', async () => {
    const user = await newUser();
    const hook = await user.register('/refuses', ['task.run']);
    receiver.script('/refuses', [400, 200]);
    await enqueueWebhookEvent(chat.app.context, {
      userId: user.id,
      type: 'task.run',
      key: `task-run:${randomUUID()}`,
      data: () => ({ title: 'refused' }),
    });
    const [delivery] = await eventually(async () => settled(await user.deliveries(hook.id)));
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      responseStatus: 400,
      error: 'the receiver answered 400',
    });
    // The queue holds no further attempt: the job is done, and the receiver was asked once.
    const job = await chat.app.context.webhookQueue.getJob(delivery?.id);
    expect(await job?.getState()).toBe('completed');
    expect(receiver.received('/refuses')).toHaveLength(1);
  });

  it('only the owner’s webhooks subscribed to the event are sent it; a turned-off one is not', async () => {
    const owner = await newUser();
    const other = await newUser();
    const subscribed = await owner.register('/mine', ['task.run']);
    const otherEvent = await owner.register('/other-event', ['answer.quality']);
    const turnedOff = await owner.register('/off', ['task.run']);
    await call(`${chat.url}/api/v1/webhooks/${turnedOff.id}`, {
      method: 'PATCH',
      body: { active: false },
      token: owner.token,
    });
    const strangers = await other.register('/theirs', ['task.run']);
    const sent = await enqueueWebhookEvent(chat.app.context, {
      userId: owner.id,
      type: 'task.run',
      key: `task-run:${randomUUID()}`,
      data: () => ({}),
    });
    expect(sent).toBe(1);
    await eventually(async () => settled(await owner.deliveries(subscribed.id)));
    expect(await owner.deliveries(otherEvent.id)).toHaveLength(0);
    expect(await owner.deliveries(turnedOff.id)).toHaveLength(0);
    expect(await other.deliveries(strangers.id)).toHaveLength(0);
  });

  it('after a secret rotation, deliveries verify with the new secret only', async () => {
    const user = await newUser();
    const hook = await user.register('/rotated', ['task.run']);
    const rotated = await call(`${chat.url}/api/v1/webhooks/${hook.id}/rotate-secret`, {
      method: 'POST',
      token: user.token,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await enqueueWebhookEvent(chat.app.context, {
      userId: user.id,
      type: 'task.run',
      key: `task-run:${randomUUID()}`,
      data: () => ({}),
    });
    await eventually(async () => settled(await user.deliveries(hook.id)));
    const [request] = receiver.received('/rotated');
    expect(verifyWebhook(rotated.body.secret, request?.headers ?? {}, request?.body ?? '').ok).toBe(true);
    expect(verifyWebhook(hook.secret, request?.headers ?? {}, request?.body ?? '')).toEqual({
      ok: false,
      reason: 'no_matching_signature',
    });
  });
});

describe('verifyWebhook, as a receiver uses it', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const body = '{"type":"task.run","data":{"title":"x"}}';

  it('accepts a fresh, correctly signed request', () => {
    expect(verifyWebhook(secret, signWebhook(secret, id, body), body)).toMatchObject({ ok: true, id });
  });

  it('matches the Standard Webhooks reference signature', () => {
    // The vector the Standard Webhooks reference libraries test against.
    const example = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '{"test": 2432232314}', 1614265330);
    expect(example['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('rejects a replayed request whose timestamp is outside the tolerance, either way', () => {
    const old = signWebhook(secret, id, body, Math.floor(Date.now() / 1000) - 600);
    expect(verifyWebhook(secret, old, body, 300)).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
    const future = signWebhook(secret, id, body, Math.floor(Date.now() / 1000) + 600);
    expect(verifyWebhook(secret, future, body, 300)).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
    // A timestamp moved into the window by an attacker no longer matches the signature.
    const moved = { ...old, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
    expect(verifyWebhook(secret, moved, body, 300)).toEqual({ ok: false, reason: 'no_matching_signature' });
  });

  it('rejects a tampered body, a wrong secret, a changed id, and missing headers', () => {
    const headers = signWebhook(secret, id, body);
    expect(verifyWebhook(secret, headers, body.replace('"x"', '"y"'))).toEqual({
      ok: false,
      reason: 'no_matching_signature',
    });
    expect(verifyWebhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', headers, body).ok).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-id': 'msg_other' }, body).ok).toBe(false);
    expect(verifyWebhook(secret, { 'webhook-id': id, 'webhook-timestamp': '1' }, body)).toEqual({
      ok: false,
      reason: 'missing_header',
    });
    expect(verifyWebhook(secret, { ...headers, 'webhook-timestamp': 'soon' }, body)).toEqual({
      ok: false,
      reason: 'invalid_timestamp',
    });
  });

  it('accepts any one valid signature among several (a sender mid-rotation)', () => {
    const headers = signWebhook(secret, id, body);
    const several = { ...headers, 'webhook-signature': `v1,bm90IGl0 ${headers['webhook-signature']}` };
    expect(verifyWebhook(secret, new Headers(several), body).ok).toBe(true);
  });
});

describe('delivery-time address check', () => {
  it('with the insecure flag off, a loopback URL is refused when sending, not retried', async () => {
    const outcome = await postWebhook(
      { url: `${receiver.url.replace('http:', 'https:')}/late`, secret: 'whsec_AAAA' },
      { id: randomUUID(), body: '{}' },
      { timeoutMs: 2_000, allowInsecure: false },
    );
    expect(outcome).toMatchObject({ kind: 'failed', status: null });
    expect(receiver.received('/late')).toHaveLength(0);
  });
});
