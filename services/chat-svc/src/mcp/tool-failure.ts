import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiError } from '@perplexica/errors';
import { UpstreamError } from '@perplexica/http';

/**
 * A tool error as MCP defines it: a result with `isError`, in words the calling model can act on
 * (retry later, pick another mode), instead of a protocol error or a crash.
 */
export function toolFailure(words: string): CallToolResult {
  return { content: [{ type: 'text', text: words }], isError: true };
}

/** Why search-svc gave no results, for the caller; never its internals (URLs, stack). */
export function searchFailureWords(error: unknown): string {
  if (error instanceof UpstreamError) {
    if (error.kind === 'network')
      return 'Web search is unavailable right now (the search service cannot be reached); try again shortly.';
    if (error.kind === 'timeout') return 'Web search did not answer in time; try again shortly.';
    if (error.upstreamCode === 'overloaded' || error.status === 503)
      return 'Web search is busy right now; try again in a few seconds.';
    if (error.upstreamCode === 'searxng_misconfigured')
      return 'Web search is misconfigured on this server (its search engine refuses JSON); tell the administrator.';
    if (error.status !== null && error.status >= 500)
      return 'Web search is unavailable right now: no search engine answered. Try again shortly.';
    const reply = error.toApiError();
    return `Web search refused the query: ${reply.message}`;
  }
  if (error instanceof ApiError) return error.message;
  return 'Web search failed unexpectedly; try again shortly.';
}

/** The answer pipeline's failure codes (describeFailure), in words. */
export function answerFailureWords(failure: { code: string; message: string } | null): string {
  switch (failure?.code) {
    case 'rate_limited':
      return 'The language model is rate limited right now; try again in a minute.';
    case 'gateway_timeout':
      return 'The language model did not answer in time; try again, or ask in speed mode.';
    case 'unavailable':
      return 'The language model cannot be reached right now; try again shortly.';
    case 'bad_gateway':
      return 'The language model failed to answer; try again shortly.';
    default:
      return 'The answer failed unexpectedly; try again shortly.';
  }
}
