import { createQueue, createWorker, type QueueConfig } from '@perplexica/redis/queue';
import type { Queue, Worker } from 'bullmq';
import type { MemoryConfig } from '../config.ts';
import type { MemoryDeps } from '../deps.ts';
import { buildStore } from '../store.ts';
import { type ExtractionOutcome, extractMemories } from './extract-memories.ts';
import { createFactModel } from './fact-model.ts';

export const EXTRACT_QUEUE = 'extract-memories';

/** One question to learn from. The answer is not kept: memories come from what the user said. */
export interface ExtractJob {
  userId: string;
  orgId: string | null;
  threadId: string | null;
  question: string;
}

export type ExtractQueue = Queue<ExtractJob>;

/** BullMQ's keys live under the service's prefix: perplexica:memory:bull:extract-memories:… */
export function queueConfig(config: MemoryConfig): QueueConfig {
  return { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
}

export function createExtractQueue(config: MemoryConfig): ExtractQueue {
  return createQueue<ExtractJob>(EXTRACT_QUEUE, queueConfig(config));
}

/** Queues the work with the configured retries and exponential backoff. */
export async function enqueueExtraction(queue: ExtractQueue, config: MemoryConfig, job: ExtractJob) {
  await queue.add('extract', job, {
    attempts: config.EXTRACT_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.EXTRACT_BACKOFF_MS },
  });
}

/**
 * The worker that runs extraction jobs, from the same deps as createApp. main.ts starts it (unless
 * EXTRACT_WORKER=false) and closes it on shutdown; tests start it through the harness.
 */
export function startExtractWorker(deps: MemoryDeps): Worker<ExtractJob, ExtractionOutcome> {
  const store = buildStore(deps);
  const factModel = deps.factModel === undefined ? createFactModel(deps.config) : deps.factModel;
  const worker = createWorker<ExtractJob, ExtractionOutcome>(
    EXTRACT_QUEUE,
    async (job) => {
      const outcome = await extractMemories(store, factModel, job.data);
      if (outcome.rejected) {
        deps.logger.warn({ jobId: job.id, reason: outcome.rejected }, 'model output ignored');
      }
      return outcome;
    },
    { ...queueConfig(deps.config), concurrency: deps.config.EXTRACT_CONCURRENCY },
  );
  worker.on('failed', (job, error) => {
    deps.logger.warn(
      { err: error, jobId: job?.id, attemptsMade: job?.attemptsMade, attempts: job?.opts.attempts },
      'memory extraction failed',
    );
  });
  // Connection trouble; BullMQ reconnects by itself.
  worker.on('error', (error) => deps.logger.error({ err: error }, 'extraction worker error'));
  return worker;
}
