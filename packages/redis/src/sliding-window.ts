import type { Redis } from 'ioredis';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When refused: how long until one slot frees up. */
  retryAfterMs: number;
}

// A sliding-window log in one sorted set per key: drop entries older than the window, count,
// and add this hit only if under the limit. Atomic in Redis, so replicas share one budget.
const slidingWindowScript = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local member = ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local retry = window
if oldest[2] then retry = tonumber(oldest[2]) + window - now end
return {0, 0, retry}
`;

export interface SlidingWindowLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
  /** Counts without consuming, e.g. "has this account failed too often?". */
  peek(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
  reset(key: string): Promise<void>;
}

const peekScript = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then return {1, limit - count, 0} end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local retry = window
if oldest[2] then retry = tonumber(oldest[2]) + window - now end
return {0, 0, retry}
`;

let sequence = 0;

/** The two scripts as ioredis commands: sent once, then run by hash (EVALSHA), not resent per hit. */
interface LimiterCommands {
  slidingWindowHit(
    key: string,
    now: number,
    windowMs: number,
    limit: number,
    member: string,
  ): Promise<unknown>;
  slidingWindowPeek(key: string, now: number, windowMs: number, limit: number): Promise<unknown>;
}

function limiterCommands(redis: Redis): LimiterCommands {
  const commands = redis as unknown as Partial<LimiterCommands>;
  if (!commands.slidingWindowHit)
    redis.defineCommand('slidingWindowHit', { numberOfKeys: 1, lua: slidingWindowScript });
  if (!commands.slidingWindowPeek)
    redis.defineCommand('slidingWindowPeek', { numberOfKeys: 1, lua: peekScript });
  return redis as unknown as LimiterCommands;
}

export function createSlidingWindowLimiter(redis: Redis, namespace = 'ratelimit:'): SlidingWindowLimiter {
  const decide = (raw: unknown, limit: number): RateLimitDecision => {
    const [allowed, remaining, retryAfterMs] = raw as [number, number, number];
    return { allowed: allowed === 1, limit, remaining, retryAfterMs: Math.max(0, retryAfterMs) };
  };
  const commands = limiterCommands(redis);
  return {
    async hit(key, limit, windowMs) {
      const member = `${Date.now()}-${process.pid}-${sequence++}`;
      const raw = await commands.slidingWindowHit(namespace + key, Date.now(), windowMs, limit, member);
      return decide(raw, limit);
    },
    async peek(key, limit, windowMs) {
      return decide(await commands.slidingWindowPeek(namespace + key, Date.now(), windowMs, limit), limit);
    },
    async reset(key) {
      await redis.del(namespace + key);
    },
  };
}
