import { ApiError } from '@perplexica/errors';
import { createQueue, type QueueConfig } from '@perplexica/redis/queue';
import type { JobsOptions, Queue } from 'bullmq';

export const SYNC_QUEUE = 'sync-connector';

export type SyncJob =
  | { kind: 'sync'; connectorId: string }
  /** Removes the documents of a deleted connector from upload-svc. */
  | { kind: 'purge'; connectorId: string; spaceId: string; sourceKeys: string[] };

/**
 * Retries with exponential backoff (10 s, 20 s, 40 s, 80 s) for transient trouble: search-svc or
 * upload-svc unavailable. A source that fails is recorded and not retried before its next run.
 */
export const syncJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

export interface SyncQueue {
  queue: Queue<SyncJob>;
  /** The connector's repeatable sync every intervalMinutes (first run one interval from now); none when disabled. */
  schedule(connector: { id: string; intervalMinutes: number; enabled: boolean }): Promise<void>;
  unschedule(connectorId: string): Promise<void>;
  /** Whether the connector has a repeatable sync, and how often. */
  scheduleOf(connectorId: string): Promise<{ everyMs: number; nextRunAt: number | null } | null>;
  /** A sync as soon as a worker is free. */
  syncNow(connectorId: string): Promise<void>;
  purge(job: { connectorId: string; spaceId: string; sourceKeys: string[] }): Promise<void>;
  close(): Promise<void>;
}

export const schedulerIdOf = (connectorId: string) => `connector:${connectorId}`;

/** The connector a scheduler belongs to; null for a key that is not ours (or malformed). */
export const connectorIdOf = (schedulerId: string) =>
  /^connector:([0-9a-f-]{36})$/i.exec(schedulerId)?.[1] ?? null;

/** How long a request waits for Redis: BullMQ's connections queue commands forever while it is down. */
const QUEUE_TIMEOUT_MS = 5_000;

async function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ApiError('unavailable', 'The sync queue (Redis) is not answering; try again shortly')),
      QUEUE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createSyncQueue(config: QueueConfig): SyncQueue {
  const queue = createQueue<SyncJob>(SYNC_QUEUE, config);
  return {
    queue,
    async schedule({ id, intervalMinutes, enabled }) {
      if (!enabled) return this.unschedule(id);
      const every = intervalMinutes * 60_000;
      await withinTimeout(
        queue.upsertJobScheduler(
          schedulerIdOf(id),
          // Without a start date the first run would be now; creating or enabling a connector
          // asks for that run itself (syncNow), and a changed interval should not cause one.
          { every, startDate: Date.now() + every },
          { name: 'sync', data: { kind: 'sync', connectorId: id }, opts: syncJobOptions },
        ),
      );
    },
    async unschedule(connectorId) {
      await withinTimeout(queue.removeJobScheduler(schedulerIdOf(connectorId)));
    },
    async scheduleOf(connectorId) {
      const scheduler = await withinTimeout(queue.getJobScheduler(schedulerIdOf(connectorId)));
      if (!scheduler?.every) return null;
      return { everyMs: Number(scheduler.every), nextRunAt: scheduler.next ?? null };
    },
    async syncNow(connectorId) {
      await withinTimeout(queue.add('sync', { kind: 'sync', connectorId }, syncJobOptions));
    },
    async purge(job) {
      if (job.sourceKeys.length === 0) return;
      await withinTimeout(queue.add('purge', { kind: 'purge', ...job }, syncJobOptions));
    },
    close: () => queue.close(),
  };
}
