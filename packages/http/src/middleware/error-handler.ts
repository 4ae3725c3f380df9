import { ApiError, type ErrorCode } from '@perplexica/errors';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ServiceEnv } from '../env.ts';
import { UpstreamError } from '../service-client.ts';

const statusCodes: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

// Socket errors, postgres.js connection errors, and SQLSTATEs for "the server is going away or not
// there yet" (class 08 connection exceptions, 57P01-57P03 shutdown/starting up).
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
]);

/**
 * True when a dependency (Postgres, Redis) could not be reached, rather than the code being wrong:
 * the caller gets 503 and may retry, instead of a 500 that reads as a bug.
 */
function isDependencyOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
    // ioredis, when Redis is down: its command failed after the allowed retries.
    if (current.name === 'MaxRetriesPerRequestError' || current.message === 'Connection is closed.')
      return true;
    current = current.cause;
  }
  return false;
}

function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof UpstreamError) return error.toApiError();
  if (error instanceof HTTPException) {
    const code = statusCodes[error.status];
    if (code) return new ApiError(code, error.message || code.replaceAll('_', ' '));
  }
  return null;
}

function send(c: Context<ServiceEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toBody(c.get('requestId')), error.status as 400);
}

/** The last word on every thrown error: the one body shape, and a logged stack for real bugs. */
export const handleError: ErrorHandler<ServiceEnv> = (error, c) => {
  const known = toApiError(error);
  if (known) return send(c, known);
  if (isDependencyOutage(error)) {
    c.get('logger')?.error({ err: error }, 'dependency unavailable');
    return send(
      c,
      new ApiError('unavailable', 'A service we depend on is unavailable; try again shortly', {
        headers: { 'Retry-After': '5' },
      }),
    );
  }
  c.get('logger')?.error({ err: error }, 'unhandled error');
  return send(
    c,
    new ApiError('internal', 'Something went wrong on our side; the request id helps us find it'),
  );
};

export const handleNotFound: NotFoundHandler<ServiceEnv> = (c) =>
  send(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`));
