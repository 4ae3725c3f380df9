import { ApiError } from '@perplexica/errors';
import type { Logger } from '@perplexica/observability';

export interface ProviderReply {
  status: number;
  /** Parsed JSON, or null when the body was empty or not JSON. */
  body: unknown;
  headers: Headers;
}

export interface ProviderRequest {
  /** For messages and logs: "Tripadvisor", "Amadeus". */
  provider: string;
  url: URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
}

/**
 * One call to a third-party API. Timeouts become 504 and unreachable providers 502, in the one
 * error shape; every status comes back for the caller to interpret (a 404 means different things
 * to different providers). Neither errors nor logs carry the URL's query, where Tripadvisor wants
 * its key: only the path is ever written down.
 */
export async function providerRequest(request: ProviderRequest): Promise<ProviderReply> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  const where = { provider: request.provider, path: request.url.pathname };
  let response: Response;
  let text: string;
  try {
    response = await request.fetch(request.url, {
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (signal.aborted) {
      request.logger.warn(where, `${request.provider} timed out`);
      throw new ApiError('gateway_timeout', `${request.provider} did not answer in time`);
    }
    request.logger.warn({ ...where, reason: (error as Error).name }, `${request.provider} unreachable`);
    throw new ApiError('bad_gateway', `${request.provider} is unreachable`);
  }
  return { status: response.status, body: parseJson(text), headers: response.headers };
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The provider answered something we cannot use: 5xx, 429, a shape we do not know. */
export function providerFailure(
  logger: Logger,
  provider: string,
  path: string,
  reply: ProviderReply,
  what = `answered ${reply.status}`,
): ApiError {
  logger.warn({ provider, path, status: reply.status }, `${provider} ${what}`);
  if (reply.status === 429) {
    const retryAfter = reply.headers.get('retry-after');
    return new ApiError('bad_gateway', `${provider} is rate limiting us; try again shortly`, {
      ...(retryAfter && /^\d+$/.test(retryAfter) ? { headers: { 'Retry-After': retryAfter } } : {}),
    });
  }
  return new ApiError('bad_gateway', `${provider} failed (${what})`);
}
