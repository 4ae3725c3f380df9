import { ipLiteral, isPublicAddress } from './address-guard.ts';

// A URL a user hands us and we then POST to (a push endpoint, a webhook) must not reach inside
// the cluster. Names are judged here only when they are obviously local; a public-looking name
// that resolves to a private address is refused when connecting (guardedLookup), where the address
// checked is the address used, so DNS rebinding cannot slip through.

const localNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * Why a user-given URL may not be called, or null when it may. Without `allowInsecure` (tests and
 * a laptop's stack allow it): https only, no credentials, and a host that is neither a private,
 * loopback or link-local address nor a local name.
 */
export function outboundUrlProblem(raw: string, allowInsecure: boolean): string | null {
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
