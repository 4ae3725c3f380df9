import { ApiError } from '@perplexica/errors';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** 413 in the one error shape for bodies over the configured size (declared or streamed). */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError('payload_too_large', `Request body is larger than the ${maxBytes}-byte limit`, {
        details: { limitBytes: maxBytes },
      });
    },
  });
  return (c, next) => {
    // Decided from the headers where they say enough, without touching `c.req.raw.body`, which
    // makes @hono/node-server build a full web Request: most of a small request's cost in the kit.
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    // No Content-Length and no Transfer-Encoding: no body (RFC 9112 §6.3).
    if (length === undefined && !chunked) return next();
    // A declared length is what Node's parser holds the body to, so it can be checked up front.
    if (length !== undefined && !chunked) {
      if (Number(length) > maxBytes) return limit(c, next);
      return next();
    }
    // A streamed (chunked) body is counted as it is read.
    return limit(c, next);
  };
}
