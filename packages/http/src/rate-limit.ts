import { ApiError } from '@perplexica/errors';
import type { SlidingWindowLimiter } from '@perplexica/redis';
import type { MiddlewareHandler } from 'hono';
import { clientIp } from './client-ip.ts';
import type { ServiceEnv } from './env.ts';

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

const ruleSyntax = /^(\w[\w-]*)=(\d+)\/(\d+)(ms|s|m|h)$/;
const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * Parses RATE_LIMITS ("default=300/60s,auth=20/1m") over the service's defaults, so operators
 * tune a route group without a code change. Throws on a malformed entry (caught at boot).
 */
export function parseRateLimits(
  spec: string,
  defaults: Record<string, RateLimitRule>,
): Record<string, RateLimitRule> {
  const rules = { ...defaults };
  for (const entry of spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = ruleSyntax.exec(entry);
    if (!match) throw new Error(`RATE_LIMITS entry "${entry}" is not of the form group=count/60s`);
    const [, group, count, amount, unit] = match as unknown as [
      string,
      string,
      string,
      string,
      keyof typeof unitMs,
    ];
    rules[group] = { limit: Number(count), windowMs: Number(amount) * unitMs[unit] };
  }
  return rules;
}

export interface RateLimitOptions {
  limiter: SlidingWindowLimiter;
  /** Route group name; budgets are separate per group. */
  group: string;
  rule: RateLimitRule;
  trustProxy: boolean;
}

/**
 * Sliding-window limit per caller: per API key when one is used, per user when signed in,
 * otherwise per IP. Answers 429 with Retry-After. If Redis is unreachable the request goes
 * through (and is logged): a broken limiter must not take the product down with it.
 */
export function rateLimit({
  limiter,
  group,
  rule,
  trustProxy,
}: RateLimitOptions): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    const user = c.get('user');
    const identity = user
      ? user.apiKeyId
        ? `key:${user.apiKeyId}`
        : `user:${user.id}`
      : `ip:${clientIp(c, trustProxy)}`;
    let decision: Awaited<ReturnType<SlidingWindowLimiter['hit']>>;
    try {
      decision = await limiter.hit(`${group}:${identity}`, rule.limit, rule.windowMs);
    } catch (error) {
      c.get('logger').warn({ err: error, group }, 'rate limiter unavailable; letting request through');
      return next();
    }
    c.header('RateLimit-Limit', String(decision.limit));
    c.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      const retryAfter = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
      throw new ApiError('rate_limited', `Too many requests; try again in ${retryAfter} s`, {
        headers: { 'Retry-After': retryAfter },
        details: { group, limit: rule.limit, windowMs: rule.windowMs },
      });
    }
    await next();
  };
}
