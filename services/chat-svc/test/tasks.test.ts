import { randomUUID } from 'node:crypto';
import { callJson as call, generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NotificationsServiceUnderTest,
  startNotificationsService,
  userClient,
} from '../../notifications-svc/test/harness.ts';
import { runTaskJob } from '../src/tasks/run-task.ts';
import { type ChatServiceUnderTest, type Neighbours, startChatService, startNeighbours } from './harness.ts';

// A real notifications-svc (in-app inbox; no push or email configured) and a real library-svc:
// a run's answer must land as a thread, and its owner must be told.
let neighbours: Neighbours;
let notifications: NotificationsServiceUnderTest;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };

beforeAll(async () => {
  const keys = generateSigningKeyPair();
  neighbours = await startNeighbours();
  notifications = await startNotificationsService(
    { VAPID_PUBLIC_KEY: undefined, VAPID_PRIVATE_KEY: undefined },
    { publicKeyPem: keys.publicKeyPem },
  );
  chat = await startChatService(
    neighbours,
    {
      NOTIFICATIONS_SERVICE_URL: notifications.url,
      TASKS_MIN_INTERVAL_SECONDS: '1',
      TASKS_BACKOFF_MS: '100',
      TASKS_ATTEMPTS: '3',
    },
    keys,
  );
  chat.startTaskWorker();
});
afterAll(async () => {
  await chat?.closeAll();
  await notifications?.close();
  await neighbours?.close();
});

const QUESTION = 'How do solar panels convert sunlight into electricity?';

async function newUser() {
  const id = randomUUID();
  const token = await chat.token(id);
  const tasks = `${chat.url}/api/v1/tasks`;
  return {
    id,
    token,
    inbox: userClient(notifications.url, token),
    create: (body: unknown) => call(tasks, { method: 'POST', body, token }),
    list: () => call(tasks, { token }),
    get: (id: string) => call(`${tasks}/${id}`, { token }),
    patch: (id: string, body: unknown) => call(`${tasks}/${id}`, { method: 'PATCH', body, token }),
    remove: (id: string) => call(`${tasks}/${id}`, { method: 'DELETE', token }),
    pause: (id: string) => call(`${tasks}/${id}/pause`, { method: 'POST', token }),
    resume: (id: string) => call(`${tasks}/${id}/resume`, { method: 'POST', token }),
    runNow: (id: string) => call(`${tasks}/${id}/run`, { method: 'POST', token }),
    runs: (id: string, query = '') => call(`${tasks}/${id}/runs${query ? `?${query}` : ''}`, { token }),
  };
}
type User = Awaited<ReturnType<typeof newUser>>;

/** Polls until `check` returns a value (bounded: a run is a whole answer on a shared machine). */
async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const succeededRuns = async (user: User, taskId: string) =>
  ((await user.runs(taskId, 'limit=100')).body.runs as Array<{ status: string; threadId: string }>).filter(
    (run) => run.status === 'succeeded',
  );

/** The weekday and HH:MM of an instant in a zone, as a person there reads a clock. */
function wallClock(iso: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return { weekday: part('weekday'), time: `${part('hour')}:${part('minute')}` };
}

describe('scheduled tasks', () => {
  it('schedules "every weekday at 8:00 in my time zone" at 8:00 on the next weekday there', async () => {
    const user = await newUser();
    const created = await user.create({
      query: QUESTION,
      schedule: {
        type: 'weekly',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        time: '08:00',
        timezone: 'Asia/Tokyo',
      },
    });
    expect(created.status).toBe(201);
    const task = created.body.task;
    expect(task).toMatchObject({
      kind: 'task',
      title: QUESTION,
      mode: 'balanced',
      focus: 'web',
      status: 'active',
    });
    expect(task.schedule).toEqual({
      type: 'weekly',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      time: '08:00',
      timezone: 'Asia/Tokyo',
    });
    const next = wallClock(task.nextRunAt, 'Asia/Tokyo');
    expect(next.time).toBe('08:00');
    expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(next.weekday);
    expect(Date.parse(task.nextRunAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(task.nextRunAt) - Date.now()).toBeLessThanOrEqual(4 * 24 * 3_600_000);
    expect((await user.list()).body.tasks.map((t: { id: string }) => t.id)).toEqual([task.id]);
  });

  it('runs on its schedule: each run saves a thread and notifies the owner; pausing stops it', async () => {
    const user = await newUser();
    const created = await user.create({
      title: 'Solar brief',
      query: QUESTION,
      mode: 'speed',
      schedule: { type: 'interval', everySeconds: 1 },
    });
    expect(created.status).toBe(201);
    const taskId = created.body.task.id as string;

    const [run] = await eventually(async () => {
      const runs = await succeededRuns(user, taskId);
      return runs.length > 0 && runs;
    });
    // The answer is a thread in the owner's library, asked as the task asks it.
    const thread = await call(`${neighbours.library.url}/api/v1/library/threads/${run?.threadId}`, {
      token: await neighbours.library.userToken(user.id),
    });
    expect(thread.status).toBe(200);
    expect(thread.body.thread).toMatchObject({ title: 'Solar brief', mode: 'speed', focus: 'web' });
    expect(thread.body.messages[0]).toMatchObject({ query: QUESTION, status: 'complete' });
    expect(thread.body.messages[0].answer.length).toBeGreaterThan(20);

    const inbox = await eventually(async () => {
      const list = await user.inbox.list();
      return list.body.notifications.length > 0 && list.body.notifications;
    });
    expect(inbox[0]).toMatchObject({
      kind: 'task_result',
      title: 'Solar brief: new answer',
      url: `/search/${run?.threadId}`,
      read: false,
    });
    expect(inbox[0].body).not.toMatch(/\[\d+\]/);
    const task = (await user.get(taskId)).body.task;
    expect(task).toMatchObject({ lastRunStatus: 'succeeded' });

    const paused = await user.pause(taskId);
    expect(paused.body.task).toMatchObject({ status: 'paused', nextRunAt: null });
    expect(await chat.app.context.scheduler.nextRun(taskId)).toBeNull();
    // Whatever run had started when it was paused finishes; after that, none.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const settled = (await succeededRuns(user, taskId)).length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await succeededRuns(user, taskId)).length).toBe(settled);

    const resumed = await user.resume(taskId);
    expect(resumed.body.task.status).toBe('active');
    await eventually(async () => (await succeededRuns(user, taskId)).length > settled);
    await user.remove(taskId);
  });

  it('runs now on request, once per job however often the job is retried', async () => {
    const user = await newUser();
    const created = await user.create({
      query: QUESTION,
      mode: 'speed',
      schedule: { type: 'cron', expression: '0 6 1 1 *', timezone: 'UTC' },
    });
    const taskId = created.body.task.id as string;
    const modelCallsBefore = neighbours.openai.chatCount();
    const queued = await user.runNow(taskId);
    expect(queued.status).toBe(202);
    const [run] = await eventually(async () => {
      const runs = await succeededRuns(user, taskId);
      return runs.length > 0 && runs;
    });
    expect(neighbours.openai.chatCount() - modelCallsBefore).toBe(1);

    // The same job delivered again (a retry after a crash) asks nothing, saves nothing, sends nothing.
    const { context } = chat.app;
    const again = await runTaskJob(
      {
        ctx: context,
        tasks: context.tasks,
        scheduler: context.scheduler,
        notifications: context.notifications,
      },
      { id: queued.body.jobId, data: { taskId, userId: user.id, trigger: 'manual' } },
    );
    expect(again).toBe('skipped');
    expect(neighbours.openai.chatCount() - modelCallsBefore).toBe(1);
    await notifications.jobsSettled();
    expect((await user.inbox.list()).body.notifications).toHaveLength(1);
    expect((await user.runs(taskId)).body.runs).toHaveLength(1);
    expect(run?.threadId).toBeTruthy();
  });

  it('a reminder notifies once at its time and is then done', async () => {
    const user = await newUser();
    const at = new Date(Date.now() + 1_500).toISOString();
    const created = await user.create({
      kind: 'reminder',
      title: 'Call the lab',
      message: 'Ask about the spectrometer results',
      schedule: { type: 'once', at },
    });
    expect(created.status).toBe(201);
    expect(created.body.task).toMatchObject({ kind: 'reminder', query: null, status: 'active' });
    const taskId = created.body.task.id as string;
    const [notification] = await eventually(async () => {
      const list = await user.inbox.list();
      return list.body.notifications.length > 0 && list.body.notifications;
    });
    expect(notification).toMatchObject({
      kind: 'reminder',
      title: 'Call the lab',
      body: 'Ask about the spectrometer results',
    });
    const done = await eventually(async () => {
      const task = (await user.get(taskId)).body.task;
      return task.status === 'done' && task;
    });
    expect(done).toMatchObject({ lastRunStatus: 'succeeded', nextRunAt: null });
    expect((await user.resume(taskId)).status).toBe(409);
  });

  it('edits a schedule in place and deletes a task off the clock', async () => {
    const user = await newUser();
    const created = await user.create({
      query: QUESTION,
      schedule: { type: 'weekly', days: ['mon'], time: '09:30', timezone: 'UTC' },
    });
    const taskId = created.body.task.id as string;
    const edited = await user.patch(taskId, {
      title: 'Weekly solar',
      schedule: { type: 'weekly', days: ['sat'], time: '18:15', timezone: 'America/New_York' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.task.title).toBe('Weekly solar');
    expect(wallClock(edited.body.task.nextRunAt, 'America/New_York')).toEqual({
      weekday: 'Sat',
      time: '18:15',
    });
    expect(await chat.app.context.scheduler.nextRun(taskId)).toEqual(new Date(edited.body.task.nextRunAt));

    expect((await user.remove(taskId)).status).toBe(204);
    expect((await user.get(taskId)).status).toBe(404);
    expect(await chat.app.context.scheduler.nextRun(taskId)).toBeNull();
  });
});

describe('tasks are their owner’s', () => {
  it('another user gets 404 on every route of someone else’s task, and it stays as it was', async () => {
    const owner = await newUser();
    const other = await newUser();
    const created = await owner.create({
      query: QUESTION,
      schedule: { type: 'weekly', days: ['tue'], time: '07:00', timezone: 'UTC' },
    });
    const taskId = created.body.task.id as string;
    for (const response of [
      await other.get(taskId),
      await other.patch(taskId, { title: 'mine now' }),
      await other.pause(taskId),
      await other.resume(taskId),
      await other.runNow(taskId),
      await other.runs(taskId),
      await other.remove(taskId),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await other.list()).body.tasks).toEqual([]);
    const intact = await owner.get(taskId);
    expect(intact.body.task).toMatchObject({ title: QUESTION, status: 'active' });
    expect((await owner.runs(taskId)).body.runs).toEqual([]);
    expect((await call(`${chat.url}/api/v1/tasks`)).status).toBe(401);
  });
});

describe('bad task input', () => {
  it('is a 400 naming what is wrong, and stores nothing', async () => {
    const user = await newUser();
    const weekly = { type: 'weekly', days: ['mon'], time: '08:00', timezone: 'UTC' };
    const bad: unknown[] = [
      {},
      { query: '', schedule: weekly },
      { query: QUESTION },
      { query: QUESTION, schedule: { type: 'sometimes' } },
      { query: QUESTION, schedule: { ...weekly, timezone: 'Mars/Olympus' } },
      { query: QUESTION, schedule: { type: 'cron', expression: '* * * * * *', timezone: 'UTC' } },
      { query: QUESTION, schedule: { type: 'interval', everySeconds: 0 } },
      { query: QUESTION, schedule: { type: 'once', at: '2020-01-01T00:00:00Z' } },
      { query: QUESTION, mode: 'fastest', schedule: weekly },
      { query: QUESTION, focus: 'everything', schedule: weekly },
      { query: QUESTION, title: 'x'.repeat(201), schedule: weekly },
      { query: QUESTION, spaceId: 'not-a-uuid', schedule: weekly },
      { query: QUESTION, schedule: weekly, owner: 'someone-else' },
      { kind: 'reminder', schedule: weekly },
      { kind: 'reminder', title: 'T', query: QUESTION, schedule: weekly },
      { kind: 'alarm', title: 'T', schedule: weekly },
      'not json',
    ];
    for (const body of bad) {
      const response = await user.create(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(['validation_failed', 'invalid_json']).toContain(response.body.error.code);
    }
    expect((await user.list()).body.tasks).toEqual([]);

    const task = (await user.create({ query: QUESTION, schedule: weekly })).body.task;
    for (const body of [
      {},
      { message: 'tasks have no message' },
      { schedule: { type: 'once', at: '2020-01-01T00:00:00Z' } },
    ]) {
      const response = await user.patch(task.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await user.get('not-a-uuid')).status).toBe(400);
    expect((await user.runs(task.id, 'cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await user.runs(task.id, 'limit=0')).status).toBe(400);
    expect((await user.get(task.id)).body.task).toMatchObject({ title: QUESTION, status: 'active' });
  });
});
