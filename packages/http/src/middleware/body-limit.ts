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
    // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3). Deciding
    // that from the headers avoids touching `c.req.raw.body`, which makes @hono/node-server build
    // a full Request object: most of a GET's cost in the kit before this shortcut.
    if (c.req.header('content-length') === undefined && c.req.header('transfer-encoding') === undefined) {
      return next();
    }
    return limit(c, next);
  };
}
