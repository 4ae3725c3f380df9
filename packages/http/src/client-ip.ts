import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's IP. X-Forwarded-For is only believed behind a proxy we run (TRUST_PROXY), since
 * anyone can send the header; otherwise the socket address. Of its entries, the last one is the
 * address our proxy saw: a proxy that appends keeps whatever the client sent in front of it, so
 * the first entry is the client's own claim and would let it pick its rate-limit bucket.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}
