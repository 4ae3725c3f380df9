import { ipLiteral, isPublicAddress } from '@perplexica/net';

// A webhook URL is one a user hands us and we POST to, so it must not reach inside the cluster
// (SSRF). Names are judged here only when they are obviously local; a public-looking name that
// resolves to a private address is refused when connecting (@perplexica/net's guardedLookup),
// where the address checked is the address used, so DNS rebinding cannot slip through.

const localNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;
export const MAX_URL_CHARS = 2_000;

/** Why a webhook URL may not be used, or null when it may. */
export function webhookUrlProblem(raw: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) {
    return 'must be an https URL';
  }
  if (allowInsecure) return null;
  const host = url.hostname.replace(/\.$/, '');
  const literal = ipLiteral(host);
  if (literal ? !isPublicAddress(literal) : localNames.test(host) || !host.includes('.')) {
    return 'must not point to a private, loopback or link-local address';
  }
  return null;
}
