import { createHash } from 'node:crypto';
import { ApiError } from '@perplexica/errors';
import type { SlidingWindowLimiter } from '@perplexica/redis';

export interface LoginThrottleConfig {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowMs: number;
}

/**
 * Counts failed logins per account and per client IP in Redis (shared by every replica).
 * Once either budget is spent, logins are refused with 429 until the window slides, even with
 * the right password: otherwise the throttle would still confirm a guessed password.
 */
export function createLoginThrottle(limiter: SlidingWindowLimiter, config: LoginThrottleConfig) {
  // Emails are hashed in keys so Redis dumps do not list who tried to sign in.
  const accountKey = (email: string) =>
    `login:account:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
  const ipKey = (ip: string) => `login:ip:${ip}`;

  return {
    async assertAllowed(email: string, ip: string): Promise<void> {
      const [account, address] = await Promise.all([
        limiter.peek(accountKey(email), config.maxFailuresPerAccount, config.windowMs),
        limiter.peek(ipKey(ip), config.maxFailuresPerIp, config.windowMs),
      ]);
      const refused = !account.allowed ? account : !address.allowed ? address : null;
      if (refused) {
        const retryAfter = String(Math.max(1, Math.ceil(refused.retryAfterMs / 1000)));
        throw new ApiError('rate_limited', `Too many failed sign-in attempts; try again in ${retryAfter} s`, {
          headers: { 'Retry-After': retryAfter },
          details: { scope: !account.allowed ? 'account' : 'ip' },
        });
      }
    },
    async recordFailure(email: string, ip: string): Promise<void> {
      await Promise.all([
        limiter.hit(accountKey(email), config.maxFailuresPerAccount, config.windowMs),
        limiter.hit(ipKey(ip), config.maxFailuresPerIp, config.windowMs),
      ]);
    },
    async recordSuccess(email: string): Promise<void> {
      await limiter.reset(accountKey(email));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
