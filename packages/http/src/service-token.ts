import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '@perplexica/errors';
import type { MiddlewareHandler } from 'hono';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Guards /internal routes that only our services call. Answers 404 (not 401) so the routes do
 * not advertise themselves; compares in constant time.
 */
export function requireServiceToken(expected: string): MiddlewareHandler {
  const expectedDigest = digest(expected);
  return async (c, next) => {
    const given = c.req.header('x-service-token');
    if (!given || !timingSafeEqual(digest(given), expectedDigest)) {
      throw new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`);
    }
    await next();
  };
}
