import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type ServiceEnv, SHARED_CACHE_HEADER } from '@perplexica/http';
import type { Context } from 'hono';
import type { KeepBody } from './node-proxy.ts';
import { type SharedCache, sharedMaxAge } from './shared-cache.ts';

export interface SharedResponses {
  cache: SharedCache;
  signedIn: (authorization: string | undefined) => Promise<boolean>;
}

/** Headers that belong to one caller's request (its id, its rate-limit budget), not to the page. */
const perCaller = /^(x-request-id|ratelimit-.*|retry-after|traceparent|tracestate)$/;

function perCallerHeadersRemoved(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !perCaller.test(name)));
}

/**
 * Answers a GET from the shared micro-cache when there is a copy and the caller is signed in;
 * false when the request must go on to its service. A reload (`Cache-Control: no-cache`) always
 * goes on, and its answer renews the copy.
 */
export async function answeredFromSharedCache(
  c: Context<ServiceEnv>,
  shared: SharedResponses,
  key: string,
  outgoing: ServerResponse,
): Promise<boolean> {
  if (/no-cache/.test(c.req.header('cache-control') ?? '')) return false;
  const hit = shared.cache.get(key);
  if (!hit || !(await shared.signedIn(c.req.header('authorization')))) return false;
  outgoing.writeHead(200, {
    ...hit.headers,
    age: String(Math.floor((Date.now() - hit.storedAt) / 1_000)),
    // Only fresh copies are kept: the first caller's "miss" was fresh data, and so is this.
    'x-cache': 'fresh',
    'x-gateway-cache': 'hit',
    'x-request-id': c.get('requestId'),
  });
  outgoing.end(hit.body);
  return true;
}

/** What the proxy asks once a response starts: keep a copy of it if its service marked it shared. */
export function keepSharedResponse(cache: SharedCache, key: string): KeepBody {
  return (status, upstreamHeaders, forwarded) => {
    const maxAge = sharedMaxAge(upstreamHeaders[SHARED_CACHE_HEADER]);
    const length = Number(upstreamHeaders['content-length'] ?? Number.POSITIVE_INFINITY);
    if (status !== 200 || upstreamHeaders['set-cookie'] || !cache.accepts(maxAge, length)) return;
    return (body) => cache.set(key, maxAge, perCallerHeadersRemoved(forwarded), body);
  };
}
