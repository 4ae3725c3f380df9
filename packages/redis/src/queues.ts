// '@perplexica/redis/queue': BullMQ queues, workers and their metrics, apart from the main entry so
// that a service without queues never loads BullMQ (and its Lua scripts, msgpack, luxon).
export { createQueue, createWorker, defaultJobOptions, type QueueConfig } from './queue.ts';
export { registerQueueMetrics } from './queue-metrics.ts';
