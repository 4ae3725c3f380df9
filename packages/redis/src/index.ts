// BullMQ queues are in '@perplexica/redis/queue': only services with queues load BullMQ.
export { createRedis, pingRedis, type Redis, type RedisConfig } from './connection.ts';
export { acquireLock, type HeldLock } from './lock.ts';
export { followChannel } from './pubsub.ts';
export {
  createSlidingWindowLimiter,
  type RateLimitDecision,
  type SlidingWindowLimiter,
} from './sliding-window.ts';
