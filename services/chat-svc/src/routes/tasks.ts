import { randomUUID } from 'node:crypto';
import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pageCursor, pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import type { TaskRow, TaskRunRow } from '../db/schema.ts';
import type { ChatEnv } from '../deps.ts';
import { focuses, modes } from '../pipeline/request.ts';
import { type Schedule, scheduleSchema } from '../tasks/schedule.ts';
import type { TasksContext } from '../tasks/tasks-context.ts';

const idPath = z.object({ id: z.uuid() });
const runsCursor = pageCursor(z.object({ startedAt: z.iso.datetime(), id: z.uuid() }));
const runsQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

function bodySchemas(ctx: TasksContext) {
  const schedule = scheduleSchema(ctx.config.TASKS_MIN_INTERVAL_SECONDS);
  const title = z.string().trim().min(1, 'must not be empty').max(200);
  const query = z.string().trim().min(1, 'must not be empty').max(ctx.config.MAX_QUERY_CHARS);
  const message = z.string().trim().max(2_000);
  const task = z.strictObject({
    kind: z.literal('task'),
    /** Absent: the question's opening. */
    title: title.optional(),
    query,
    mode: z.enum(modes).default('balanced'),
    focus: z.enum(focuses).default('web'),
    spaceId: z.uuid().optional(),
    schedule,
  });
  const reminder = z.strictObject({
    kind: z.literal('reminder'),
    title,
    message: message.optional(),
    schedule,
  });
  // A body without a kind is a task: most callers schedule questions.
  const create = z.preprocess(
    (body) => (body && typeof body === 'object' && !('kind' in body) ? { ...body, kind: 'task' } : body),
    z.discriminatedUnion('kind', [task, reminder]),
  );
  const edit = z
    .strictObject({
      title: title.optional(),
      query: query.optional(),
      message: message.optional(),
      mode: z.enum(modes).optional(),
      focus: z.enum(focuses).optional(),
      spaceId: z.uuid().nullable().optional(),
      schedule: schedule.optional(),
    })
    .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
  return { create, edit };
}

/** A one-off time must be ahead: one in the past would never run, and silently. */
function requireFuture(schedule: Schedule | undefined): void {
  if (schedule?.type === 'once' && Date.parse(schedule.at) <= Date.now()) {
    throw new ApiError('validation_failed', 'schedule.at: the time has passed', {
      details: [{ path: 'body.schedule.at', message: 'must be in the future' }],
    });
  }
}

function taskView(task: TaskRow) {
  return {
    id: task.id,
    kind: task.kind,
    title: task.title,
    query: task.query,
    message: task.message,
    mode: task.mode,
    focus: task.focus,
    spaceId: task.space_id,
    schedule: task.schedule,
    status: task.status,
    nextRunAt: task.next_run_at?.toISOString() ?? null,
    lastRunAt: task.last_run_at?.toISOString() ?? null,
    lastRunStatus: task.last_run_status,
    lastThreadId: task.last_thread_id,
    createdAt: task.created_at.toISOString(),
    updatedAt: task.updated_at.toISOString(),
  };
}

function runView(run: TaskRunRow) {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    threadId: run.thread_id,
    excerpt: run.excerpt,
    error: run.error,
    startedAt: run.started_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
  };
}

/**
 * /api/v1/tasks: questions asked on a schedule and reminders, each the signed-in user's own
 * (another user's reads as absent). Changing, pausing or deleting a task changes its place on the
 * queue's clock in the same request.
 */
export function taskRoutes(ctx: TasksContext): Hono<ChatEnv> {
  const app = new Hono<ChatEnv>();
  const { tasks, scheduler } = ctx;
  const schemas = bodySchemas(ctx);

  const owned = async (id: string, userId: string) => {
    const task = await tasks.findOwned(id, userId);
    if (!task) throw notFound('Task');
    return task;
  };
  const requireSpace = async (
    spaceId: string | null | undefined,
    user: { id: string; orgId: string | null },
  ) => {
    if (spaceId && !(await ctx.spaces.access(spaceId, user))) throw notFound('Space');
  };
  const putOnClock = async (task: TaskRow) => {
    const next = await scheduler.schedule(task);
    return (await tasks.setStatus(task.id, 'active', next)) ?? task;
  };

  app.get('/', async (c) => {
    const user = currentUser(c);
    return c.json({ tasks: (await tasks.listOwnedBy(user.id)).map(taskView) });
  });

  app.post('/', async (c) => {
    const user = currentUser(c);
    const body = await jsonBody(c, schemas.create);
    requireFuture(body.schedule);
    if ((await tasks.countOwnedBy(user.id)) >= ctx.config.TASKS_MAX_PER_USER) {
      throw new ApiError(
        'conflict',
        `You have ${ctx.config.TASKS_MAX_PER_USER} tasks, the most allowed; delete one first`,
      );
    }
    const isTask = body.kind === 'task';
    if (isTask) await requireSpace(body.spaceId, user);
    const created = await tasks.create({
      userId: user.id,
      orgId: user.orgId,
      kind: body.kind,
      title: body.title ?? (isTask ? body.query.slice(0, 200) : ''),
      query: isTask ? body.query : null,
      message: isTask ? null : (body.message ?? null),
      mode: isTask ? body.mode : 'speed',
      focus: isTask ? body.focus : 'web',
      spaceId: isTask ? (body.spaceId ?? null) : null,
      schedule: body.schedule,
    });
    return c.json({ task: taskView(await putOnClock(created)) }, 201);
  });

  app.get('/:id', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const task = await owned(id, user.id);
    const runs = await tasks.listRuns(task.id, 10);
    return c.json({ task: taskView(task), runs: runs.map(runView) });
  });

  app.patch('/:id', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const body = await jsonBody(c, schemas.edit);
    const before = await owned(id, user.id);
    const wrongKind =
      before.kind === 'task'
        ? body.message !== undefined
          ? 'message'
          : null
        : (['query', 'mode', 'focus', 'spaceId'] as const).find((key) => body[key] !== undefined);
    if (wrongKind) {
      throw new ApiError('validation_failed', `${wrongKind}: a ${before.kind} has none`, {
        details: [{ path: `body.${wrongKind}`, message: `not a field of a ${before.kind}` }],
      });
    }
    requireFuture(body.schedule);
    await requireSpace(body.spaceId, user);
    const changed = (await tasks.update(id, user.id, body)) ?? before;
    if (body.schedule && before.status !== 'paused') {
      await scheduler.unschedule(before.id, before.schedule);
      return c.json({ task: taskView(await putOnClock(changed)) });
    }
    return c.json({ task: taskView(changed) });
  });

  app.delete('/:id', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const task = await owned(id, user.id);
    await scheduler.unschedule(task.id, task.schedule);
    await tasks.remove(task.id, user.id);
    return c.body(null, 204);
  });

  app.post('/:id/pause', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const task = await owned(id, user.id);
    if (task.status !== 'active') return c.json({ task: taskView(task) });
    await scheduler.unschedule(task.id, task.schedule);
    return c.json({ task: taskView((await tasks.setStatus(task.id, 'paused', null)) ?? task) });
  });

  app.post('/:id/resume', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const task = await owned(id, user.id);
    if (task.status === 'active') return c.json({ task: taskView(task) });
    if (task.schedule.type === 'once' && Date.parse(task.schedule.at) <= Date.now()) {
      throw new ApiError('conflict', 'Its time has passed: set a new time to run it again');
    }
    return c.json({ task: taskView(await putOnClock(task)) });
  });

  // Runs once now, beside the schedule (paused tasks too: "run now" is asked for explicitly).
  app.post('/:id/run', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const task = await owned(id, user.id);
    const jobId = await scheduler.runNow(task, randomUUID());
    return c.json({ queued: true, jobId }, 202);
  });

  app.get('/:id/runs', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const { cursor, limit } = queryParams(c, runsQuery);
    const task = await owned(id, user.id);
    const runs = await tasks.listRuns(task.id, limit + 1, cursor ? runsCursor.decode(cursor) : undefined);
    const page = runs.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      runs: page.map(runView),
      nextCursor:
        runs.length > limit && last
          ? runsCursor.encode({ startedAt: last.started_at.toISOString(), id: last.id })
          : null,
    });
  });

  return app;
}
