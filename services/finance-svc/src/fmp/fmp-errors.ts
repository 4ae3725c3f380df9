import { ApiError } from '@perplexica/errors';

/**
 * How FMP's failures reach our callers (docs/pages.md): a timeout is 504, everything else the
 * provider does wrong is 502, with a message an operator can act on. Messages never carry the
 * key, FMP's URL (the key is in its query) or FMP's own text unredacted.
 */
export const fmpErrors = {
  timeout: (timeoutMs: number) =>
    new ApiError('gateway_timeout', `Financial Modeling Prep did not answer within ${timeoutMs} ms`),

  unreachable: (code: string | undefined) =>
    new ApiError('bad_gateway', `Financial Modeling Prep is unreachable${code ? ` (${code})` : ''}`),

  keyRejected: (status: number) =>
    new ApiError(
      'bad_gateway',
      `Financial Modeling Prep rejected the API key (HTTP ${status}): check FMP_API_KEY`,
    ),

  notInPlan: (status: number) =>
    new ApiError(
      'bad_gateway',
      `Financial Modeling Prep refused the request (HTTP ${status}): the plan of FMP_API_KEY does not include this data`,
    ),

  rateLimited: (retryAfter: string | null) =>
    new ApiError(
      'bad_gateway',
      'Financial Modeling Prep rate limit reached (HTTP 429): the plan’s request quota is used up for now; try again later',
      retryAfter ? { headers: { 'Retry-After': retryAfter } } : {},
    ),

  failed: (status: number, detail?: string) =>
    new ApiError(
      'bad_gateway',
      `Financial Modeling Prep failed (HTTP ${status})${detail ? `: ${detail}` : ''}`,
    ),

  badAnswer: (what: string) =>
    new ApiError('bad_gateway', `Financial Modeling Prep answered ${what} with something unexpected`),
};

/**
 * FMP sometimes reports a problem in a 200 body ({"Error Message": "Limit Reach . …"}), or in the
 * body of an error status: classify it by its text, as FMP's own client libraries do.
 */
export function errorFromMessage(
  status: number,
  message: string,
  redact: (text: string) => string,
): ApiError {
  if (/limit reach/i.test(message)) return fmpErrors.rateLimited(null);
  if (/invalid api key/i.test(message)) return fmpErrors.keyRejected(status === 200 ? 401 : status);
  if (/premium|subscription|exclusive endpoint|special endpoint/i.test(message)) {
    return fmpErrors.notInPlan(status === 200 ? 402 : status);
  }
  return fmpErrors.failed(status, redact(message).slice(0, 200));
}
