import { ipLiteral, isPublicAddress } from '@perplexica/net';

// A push endpoint is a URL a user hands us and we POST to, so it must not reach inside the
// cluster: the address rules are @perplexica/net's SSRF guard, shared with search-svc's page reader.

const localNames = /(^|\.)(localhost|local|internal|localdomain)$/i;

/**
 * Why an endpoint may not be used, or null when it may. Without `allowInsecure`: https only, no
 * credentials, and a host that is neither a private/loopback/link-local address nor a local name.
 * A public-looking name that resolves to a private address is caught when connecting
 * (@perplexica/net's guardedLookup), where the address checked is the address used.
 */
export function endpointProblem(endpoint: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) {
    return 'must be an https URL';
  }
  if (allowInsecure) return null;
  const host = url.hostname;
  const literal = ipLiteral(host);
  if (literal ? !isPublicAddress(literal) : localNames.test(host) || !host.includes('.')) {
    return 'must not point to a private, loopback or link-local address';
  }
  return null;
}
