import { outboundUrlProblem } from '@perplexica/net';

export const MAX_URL_CHARS = 2_000;

/**
 * Why a webhook URL may not be used, or null when it may: @perplexica/net's rules for a URL a user
 * hands us and we POST to (https, no credentials, not private, loopback or link-local; names that
 * resolve to such addresses are refused when connecting).
 */
export function webhookUrlProblem(raw: string, allowInsecure: boolean): string | null {
  return outboundUrlProblem(raw, allowInsecure);
}
