import { ApiError } from '@perplexica/errors';
import { UpstreamError } from '@perplexica/http';
import { ModelError } from '@perplexica/llm';
import type { SourceFailure } from '../sources/gathered.ts';

const isTimeout = (error: unknown) =>
  (error instanceof UpstreamError &&
    (error.kind === 'timeout' || error.upstreamCode === 'gateway_timeout')) ||
  (error instanceof ModelError && error.kind === 'timeout');

/**
 * A short reason for logs, errors and the refresh report. A refused feed fetch is told by
 * search-svc's short reason (status_404, private_address, …), never by its message, which
 * repeats the feed URL: an operator's feed URL may carry a token in its query.
 */
export function describeError(error: unknown): string {
  if (error instanceof UpstreamError) {
    if (error.kind === 'timeout') return `${error.service} did not answer in time`;
    if (error.kind === 'network') return `${error.service} is unreachable`;
    const body = (error.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
      ?.error;
    const reason = (body?.details as { reason?: unknown } | undefined)?.reason;
    if (typeof reason === 'string') return `${error.service} could not fetch it (${reason})`;
    if (typeof body?.message === 'string')
      return `${error.service} answered ${error.status}: ${body.message}`;
    return `${error.service} answered ${error.status}`;
  }
  if (error instanceof ApiError || error instanceof ModelError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** "https://user:pw@feeds.example/rss?token=x" → "https://feeds.example/rss": safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Every source of a topic failed: 504 when they all timed out, else 502 (docs/pages.md). "search-svc
 * is down" is a provider failure here too, not a 503: to the reader the news provider failed.
 */
export function providerFailure(topicId: string, failures: readonly SourceFailure[]): ApiError {
  const timedOut = failures.length > 0 && failures.every((failure) => isTimeout(failure.error));
  const first = failures[0];
  const why = first ? `${first.source}: ${describeError(first.error)}` : 'no source answered';
  return timedOut
    ? new ApiError('gateway_timeout', `The news for "${topicId}" timed out (${why})`)
    : new ApiError('bad_gateway', `The news for "${topicId}" could not be loaded (${why})`);
}

/**
 * No SearXNG behind search-svc and no feed of the topic gave anything: a setup step is missing,
 * not a provider failure (503 not_configured, naming what to set).
 */
export function discoverNotConfigured(): ApiError {
  return new ApiError(
    'not_configured',
    'Discover needs news search: set SEARXNG_URL for search-svc (a SearXNG instance with its news category), or give topics RSS/Atom feeds in DISCOVER_FEEDS',
  );
}
