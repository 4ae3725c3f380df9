import { UnrecoverableError, type Worker } from 'bullmq';
import { RunRefused, runTaskJob, type TaskRunnerDeps } from './run-task.ts';
import { createTaskWorkerOn, type TaskJob } from './task-queue.ts';

/**
 * The worker that runs tasks, started by main.ts unless TASKS_WORKER=false (API-only replicas).
 * A run that fails is retried with backoff; on its last attempt (or when it cannot succeed, like
 * a space that is gone) the run is recorded as failed with the reason the user sees.
 */
export function startTaskWorker(deps: TaskRunnerDeps): Worker<TaskJob, string> {
  const { logger } = deps.ctx;
  const worker = createTaskWorkerOn(deps.ctx.config, async (job) => {
    try {
      return await runTaskJob(deps, { id: job.id as string, data: job.data });
    } catch (error) {
      const refused = error instanceof RunRefused;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (refused || lastAttempt) {
        const run = await deps.tasks
          .runForJob(job.data.taskId, job.id as string, job.data.trigger)
          .catch(() => null);
        const reason = error instanceof Error ? error.message : String(error);
        if (run) await deps.tasks.updateRun(run, { status: 'failed', error: reason }).catch(() => {});
      }
      throw refused ? new UnrecoverableError((error as Error).message) : error;
    }
  });
  worker.on('failed', (job, error) =>
    logger.warn({ err: error, jobId: job?.id, attemptsMade: job?.attemptsMade }, 'task run failed'),
  );
  // Connection trouble; BullMQ reconnects by itself.
  worker.on('error', (error) => logger.error({ err: error }, 'task worker error'));
  return worker;
}
