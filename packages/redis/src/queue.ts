import {
  type ConnectionOptions,
  type JobsOptions,
  type Processor,
  Queue,
  Worker,
  type WorkerOptions,
} from 'bullmq';

export interface QueueConfig {
  /** Redis URL; BullMQ opens its own connections. */
  url: string;
  /** The service's key prefix for BullMQ, e.g. "perplexica:audit:bull". */
  prefix: string;
}

/** Retries with exponential backoff by default, so a transient failure is not a lost job. */
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

function connection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null } as ConnectionOptions;
}

export function createQueue<Data>(name: string, config: QueueConfig): Queue<Data> {
  return new Queue<Data>(name, {
    connection: connection(config.url),
    prefix: config.prefix,
    defaultJobOptions,
  });
}

export function createWorker<Data, Result = unknown>(
  name: string,
  processor: Processor<Data, Result>,
  config: QueueConfig & Omit<WorkerOptions, 'connection' | 'prefix'>,
): Worker<Data, Result> {
  const { url, prefix, ...options } = config;
  return new Worker<Data, Result>(name, processor, { ...options, connection: connection(url), prefix });
}
