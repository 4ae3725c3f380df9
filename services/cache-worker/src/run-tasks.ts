import { createServiceClient, UpstreamError } from '@perplexica/http';
import { acquireLock, type Redis } from '@perplexica/redis';
import type { Task } from './args.ts';

/** What a service's refresh route answers (docs/pages.md). */
interface RefreshReply {
  refreshed: string[];
  failed: Array<{ key: string; reason: string }>;
  skipped: string[];
  durationMs: number;
}

export interface TaskOutcome {
  task: Task;
  /**
   * locked: another run holds the task's lock, so this one left it alone; recent: a catch-all run
   * found it refreshed less than its interval ago. Neither is a failure.
   */
  status: 'ok' | 'failed' | 'locked' | 'recent';
  refreshed: number;
  failed: Array<{ key: string; reason: string }>;
  skipped: number;
  durationMs: number;
  error?: string;
}

export interface RunTasksOptions {
  tasks: Task[];
  /** When the whole run must be over (ms since epoch): the CronJob kills the pod then. */
  deadlineAt: number;
  redis: Redis;
  serviceUrls: Record<Task, string>;
  serviceToken: string;
  /** Tasks that succeeded less than this long ago (ms) are left alone; absent: always run. */
  skipIfDoneWithinMs?: Partial<Record<Task, number>>;
  now?: () => number;
}

/** Time kept back for the answer to travel and the lock to be released. */
const MARGIN_MS = 3_000;

async function runTask(task: Task, options: RunTasksOptions): Promise<TaskOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const outcome = (fields: Partial<TaskOutcome> & Pick<TaskOutcome, 'status'>): TaskOutcome => ({
    task,
    refreshed: 0,
    failed: [],
    skipped: 0,
    durationMs: now() - started,
    ...fields,
  });
  const budget = options.deadlineAt - started - MARGIN_MS;
  if (budget <= 0) return outcome({ status: 'failed', error: 'no time left before the deadline' });

  const lastSuccessKey = `last-ok:${task}`;
  let lock: Awaited<ReturnType<typeof acquireLock>> = null;
  try {
    // Held a little past the deadline: a run killed at its deadline frees the task soon after.
    lock = await acquireLock(options.redis, `lock:${task}`, budget + 2 * MARGIN_MS);
    if (!lock) return outcome({ status: 'locked' });
    const within = options.skipIfDoneWithinMs?.[task];
    if (within !== undefined) {
      const last = Number(await options.redis.get(lastSuccessKey));
      if (last > 0 && now() - last < within) return outcome({ status: 'recent' });
    }
    const client = createServiceClient({
      service: `${task}-svc`,
      baseUrl: options.serviceUrls[task],
      serviceToken: options.serviceToken,
      timeoutMs: budget,
      retries: 0,
    });
    // The service stops starting new keys at deadlineMs; what it has started by then still has to
    // finish (a topic's searches and summaries), so a quarter of the budget is kept for that.
    const deadlineMs = Math.max(1_000, budget - Math.max(MARGIN_MS, budget / 4));
    const reply = await client.call<RefreshReply>('/internal/v1/cache/refresh', {
      method: 'POST',
      body: { deadlineMs: Math.round(deadlineMs) },
      authorization: '',
    });
    const failed = reply.failed.length > 0;
    if (!failed) await options.redis.set(lastSuccessKey, String(now()), 'PX', 86_400_000);
    return outcome({
      status: failed ? 'failed' : 'ok',
      refreshed: reply.refreshed.length,
      failed: reply.failed,
      skipped: reply.skipped.length,
    });
  } catch (error) {
    // A service that failed or timed out, or Redis gone: reported, never a crash without a summary.
    const message = error instanceof UpstreamError ? error.message : (error as Error).message;
    return outcome({ status: 'failed', error: message });
  } finally {
    await lock?.release().catch(() => {});
  }
}

/**
 * Asks each task's service to recompute its caches, the tasks side by side, each under its own
 * Redis lock so two runs never overlap (a second run leaves a locked task alone at once).
 */
export function runTasks(options: RunTasksOptions): Promise<TaskOutcome[]> {
  return Promise.all(options.tasks.map((task) => runTask(task, options)));
}
