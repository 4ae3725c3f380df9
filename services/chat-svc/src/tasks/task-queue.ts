import { createQueue, createWorker, type QueueConfig } from '@perplexica/redis/queue';
import type { Processor, Queue, Worker } from 'bullmq';
import type { ChatConfig } from '../config.ts';
import type { TaskRow } from '../db/schema.ts';
import { repeatOptionsOf, type Schedule } from './schedule.ts';

export const TASKS_QUEUE = 'tasks';

/** One run: which task, for whom (checked against the row), and what started it. */
export interface TaskJob {
  taskId: string;
  userId: string;
  trigger: 'schedule' | 'manual';
}

export type TaskQueue = Queue<TaskJob>;

/** BullMQ's keys live under chat-svc's prefix: perplexica:chat:bull:tasks:… */
export function taskQueueConfig(config: ChatConfig): QueueConfig {
  return { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
}

export function createTaskQueue(config: ChatConfig): TaskQueue {
  return createQueue<TaskJob>(TASKS_QUEUE, taskQueueConfig(config));
}

export function createTaskWorkerOn(
  config: ChatConfig,
  processor: Processor<TaskJob, string>,
): Worker<TaskJob, string> {
  return createWorker<TaskJob, string>(TASKS_QUEUE, processor, {
    ...taskQueueConfig(config),
    concurrency: config.TASKS_CONCURRENCY,
  });
}

const schedulerId = (taskId: string) => `task:${taskId}`;
/** A one-off's job id names its time, so moving the time is a new job, not a refused duplicate. */
const onceJobId = (taskId: string, at: string) => `once:${taskId}:${Date.parse(at)}`;

/**
 * Puts tasks on the queue's clock: a repeating schedule is a BullMQ job scheduler (one job per
 * occurrence, whichever replica's worker takes it, so a run happens once however many replicas
 * there are), a one-off is a delayed job. Each returns when the queue will run it next.
 */
export function createTaskScheduler(queue: TaskQueue, config: ChatConfig) {
  const jobOptions = {
    attempts: config.TASKS_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.TASKS_BACKOFF_MS },
  };
  // The scheduler's own record is exact; a job's timestamp + delay is off by the milliseconds
  // between the two being computed.
  const nextRun = async (taskId: string): Promise<Date | null> => {
    const scheduler = await queue.getJobScheduler(schedulerId(taskId));
    return scheduler?.next ? new Date(scheduler.next) : null;
  };

  const unscheduleOnce = async (taskId: string, schedule: Schedule) => {
    if (schedule.type !== 'once') return;
    const job = await queue.getJob(onceJobId(taskId, schedule.at));
    // A job that is running now finishes; only a waiting one is taken off the clock.
    if (job && (await job.isDelayed())) await job.remove();
  };

  return {
    async schedule(task: TaskRow): Promise<Date | null> {
      const data: TaskJob = { taskId: task.id, userId: task.user_id, trigger: 'schedule' };
      const schedule = task.schedule;
      const repeat = repeatOptionsOf(schedule);
      if (repeat) {
        await queue.upsertJobScheduler(schedulerId(task.id), repeat, { name: 'run', data, opts: jobOptions });
        return nextRun(task.id);
      }
      if (schedule.type !== 'once') return null;
      const delay = Date.parse(schedule.at) - Date.now();
      if (delay <= 0) return null;
      await queue.add('run', data, { ...jobOptions, delay, jobId: onceJobId(task.id, schedule.at) });
      return new Date(schedule.at);
    },

    /** Takes a task off the clock (paused, deleted, or about to be rescheduled). */
    async unschedule(taskId: string, schedule?: Schedule): Promise<void> {
      await queue.removeJobScheduler(schedulerId(taskId));
      if (schedule) await unscheduleOnce(taskId, schedule);
    },

    /** When the scheduler will next run a repeating task (after a run moved it on). */
    nextRun,

    /** Queues one run at once, beside the schedule; its job id is its own run's key. */
    async runNow(task: TaskRow, runKey: string): Promise<string> {
      const data: TaskJob = { taskId: task.id, userId: task.user_id, trigger: 'manual' };
      const jobId = `manual:${task.id}:${runKey}`;
      await queue.add('run', data, { ...jobOptions, jobId });
      return jobId;
    },
  };
}

export type TaskScheduler = ReturnType<typeof createTaskScheduler>;
