export { createRedis, pingRedis, type Redis, type RedisConfig } from './connection.ts';
export { acquireLock, type HeldLock } from './lock.ts';
export { followChannel } from './pubsub.ts';
export { createQueue, createWorker, defaultJobOptions, type QueueConfig } from './queue.ts';
export { registerQueueMetrics } from './queue-metrics.ts';
export {
  createSlidingWindowLimiter,
  type RateLimitDecision,
  type SlidingWindowLimiter,
} from './sliding-window.ts';
