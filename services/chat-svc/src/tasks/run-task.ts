import { createHash } from 'node:crypto';
import { ApiError } from '@perplexica/errors';
import type { NotificationsClient } from '@perplexica/service-clients';
import type { TaskRow, TaskRunRow } from '../db/schema.ts';
import type { ChatContext } from '../deps.ts';
import { runAnswer } from '../pipeline/answer-pipeline.ts';
import { answerDepsOf, answerRecord } from '../pipeline/answer-record.ts';
import type { Focus, Mode } from '../pipeline/request.ts';
import { meterAnswer } from '../quota.ts';
import { announceTaskRun } from '../webhooks/webhook-events.ts';
import type { TaskJob, TaskScheduler } from './task-queue.ts';
import type { TaskRepository } from './task-repository.ts';

export interface TaskRunnerDeps {
  ctx: ChatContext;
  tasks: TaskRepository;
  scheduler: TaskScheduler;
  notifications: NotificationsClient;
}

/** What one job did: shown in the queue's records and the logs. */
export type RunResult = 'succeeded' | 'skipped';

/** A run that cannot succeed by trying again (the task's space is gone): recorded, not retried. */
export class RunRefused extends Error {}

const EXCERPT_CHARS = 280;

/** A stable UUID for a name, so a retried run writes the same thread and message, never a second. */
export function uuidFor(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  // Version 8 (RFC 9562: custom), variant 10xx: a valid UUID that says it was derived, not random.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The answer's opening for a notification: citation marks dropped, cut at a word. */
export function excerptOf(answer: string): string {
  const plain = answer
    .replace(/\s*\[\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= EXCERPT_CHARS) return plain;
  const cut = plain.slice(0, EXCERPT_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_CHARS / 2))}…`;
}

/**
 * One queue job: asks the task's question (or, for a reminder, nothing), saves the answer as a
 * new thread in library-svc, and notifies the owner through notifications-svc. Each step is
 * recorded on the run before the next, and both writes are idempotent (the thread and message
 * ids derive from the run, the notification's event id is the run's), so a job retried after a
 * crash never asks twice, saves twice or notifies twice.
 */
export async function runTaskJob(
  deps: TaskRunnerDeps,
  job: { id: string; data: TaskJob },
): Promise<RunResult> {
  const { tasks, scheduler } = deps;
  const task = await tasks.find(job.data.taskId);
  if (!task || task.user_id !== job.data.userId) {
    // Deleted between the schedule firing and now: nothing to do, and no more firings.
    await scheduler.unschedule(job.data.taskId);
    return 'skipped';
  }
  if (job.data.trigger === 'schedule' && task.status !== 'active') return 'skipped';

  const run = await tasks.runForJob(task.id, job.id, job.data.trigger);
  if (run.status === 'succeeded' || run.status === 'failed') return 'skipped';
  const answered = run.status === 'answered' ? run : await answerTask(deps, task, run);
  await notifyOwner(deps, task, answered);
  // Queued before the run counts as succeeded, so a failure here retries the run (idempotently).
  await announceTaskRun(deps.ctx, task, answered);
  await tasks.updateRun(answered, { status: 'succeeded' });
  if (task.schedule.type === 'once') await tasks.setStatus(task.id, 'done', null);
  else if (task.status === 'active') await tasks.setNextRun(task.id, await scheduler.nextRun(task.id));
  return 'succeeded';
}

/** Runs the answer pipeline as a chat would, without a stream, and saves it as a new thread. */
async function answerTask(deps: TaskRunnerDeps, task: TaskRow, run: TaskRunRow): Promise<TaskRunRow> {
  const { ctx, tasks } = deps;
  if (task.kind === 'reminder') {
    await tasks.updateRun(run, { status: 'answered', excerpt: task.message ?? task.title });
    return { ...run, status: 'answered', excerpt: task.message ?? task.title };
  }
  const asker = { id: task.user_id, orgId: task.org_id };
  const access = task.space_id ? await ctx.spaces.access(task.space_id, asker) : null;
  if (task.space_id && !access)
    throw new RunRefused('The task’s space no longer exists or is no longer shared with you');
  const threadId = uuidFor(`task-run-thread:${run.id}`);
  const messageId = uuidFor(`task-run-message:${run.id}`);
  // A quality task counts against the owner's plan like a quality question; used up, the run fails
  // with the reason (the message id keys the meter, so a retried run is counted once).
  try {
    await meterAnswer(ctx, asker, task.mode as Mode, messageId);
  } catch (error) {
    if (error instanceof ApiError) throw new RunRefused(error.message);
    throw error;
  }
  const outcome = await runAnswer(
    answerDepsOf(ctx),
    {
      question: task.query as string,
      mode: task.mode as Mode,
      focus: task.focus as Focus,
      history: [],
      threadId,
      messageId,
      signal: AbortSignal.timeout(ctx.config.TASKS_RUN_TIMEOUT_MS),
      asker,
      space: access?.space ?? null,
    },
    { emit: () => {} },
  );
  // A model that failed is worth another attempt (the queue backs off); a partial answer is kept.
  if (outcome.status === 'failed') throw new Error(outcome.error?.message ?? 'the answer failed');
  await ctx.library.putMessage(
    threadId,
    messageId,
    answerRecord({
      userId: task.user_id,
      query: task.query as string,
      mode: task.mode,
      focus: task.focus,
      outcome,
      newThread: {
        ...(task.org_id ? { orgId: task.org_id } : {}),
        title: task.title,
        ...(task.space_id ? { spaceId: task.space_id } : {}),
        mode: task.mode,
        focus: task.focus,
      },
    }),
  );
  const excerpt = excerptOf(outcome.answer);
  await tasks.updateRun(run, { status: 'answered', threadId, excerpt });
  return { ...run, status: 'answered', thread_id: threadId, excerpt };
}

async function notifyOwner(deps: TaskRunnerDeps, task: TaskRow, run: TaskRunRow): Promise<void> {
  const reminder = task.kind === 'reminder';
  await deps.notifications.notify({
    // The run's id: however often this is retried, notifications-svc sends it once.
    eventId: `task-run:${run.id}`,
    userId: task.user_id,
    orgId: task.org_id,
    kind: reminder ? 'reminder' : 'task_result',
    title: reminder ? task.title : `${task.title}: new answer`,
    body: run.excerpt || (reminder ? task.title : 'The answer is ready.'),
    url: run.thread_id ? `/search/${run.thread_id}` : '/tasks',
  });
}
