import { createQueue, createWorker, type QueueConfig } from '@perplexica/redis/queue';
import type { Queue, Worker } from 'bullmq';
import { dropChunks } from '../chunk-repository.ts';
import { type Db, setStatus, staleQueuedFiles } from '../file-repository.ts';
import { type ProcessingDeps, processFile } from './process-file.ts';

export const PROCESS_QUEUE = 'process-file';

export interface ProcessJob {
  fileId: string;
}

export interface FileQueue {
  queue: Queue<ProcessJob>;
  enqueue(fileId: string): Promise<void>;
  close(): Promise<void>;
}

export function createFileQueue(config: QueueConfig): FileQueue {
  const queue = createQueue<ProcessJob>(PROCESS_QUEUE, config);
  return {
    queue,
    async enqueue(fileId) {
      await queue.add('process', { fileId });
    },
    close: () => queue.close(),
  };
}

/** How long a file may sit queued before the sweep assumes its job was lost and queues it again. */
const STALE_QUEUED_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * The worker that processes uploads, with the queue's retries and exponential backoff. On the last
 * failed attempt the file is marked failed with the reason, so it never stays "processing". A
 * periodic sweep re-queues files whose job was lost (Redis emptied, enqueue failed after the row
 * was written): processing is idempotent, so a file processed twice is simply stored once.
 */
export function startFileWorker(
  deps: ProcessingDeps & { queueConfig: QueueConfig; concurrency: number; files: FileQueue },
): { close(): Promise<void> } {
  const worker: Worker<ProcessJob> = createWorker<ProcessJob>(
    PROCESS_QUEUE,
    async (job) => {
      try {
        return await processFile(deps, job.data.fileId);
      } catch (error) {
        const attempts = job.opts.attempts ?? 1;
        if (job.attemptsMade + 1 >= attempts) {
          const reason = `Processing failed after ${attempts} attempts: ${(error as Error).message}`.slice(
            0,
            500,
          );
          await dropChunks(deps.db, job.data.fileId).catch(() => {});
          await setStatus(deps.db, job.data.fileId, 'failed', reason).catch(() => {});
        }
        throw error;
      }
    },
    { ...deps.queueConfig, concurrency: deps.concurrency },
  );
  worker.on('failed', (job, error) =>
    deps.logger.warn(
      { fileId: job?.data.fileId, attempt: job?.attemptsMade, err: error },
      'file processing attempt failed',
    ),
  );
  worker.on('error', (error) => deps.logger.error({ err: error }, 'file worker error'));

  const sweep = async () => {
    try {
      for (const fileId of await staleQueuedFiles(deps.db as Db, STALE_QUEUED_MS))
        await deps.files.enqueue(fileId);
    } catch (error) {
      deps.logger.warn({ err: error }, 'sweep of stale queued files failed');
    }
  };
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  void sweep();
  return {
    async close() {
      clearInterval(timer);
      await worker.close();
    },
  };
}
