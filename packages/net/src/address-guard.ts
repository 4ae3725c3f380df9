import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

// The SSRF guard for services that connect to URLs users hand them (search-svc's page reader,
// notifications-svc's push endpoints): such a URL must not reach inside the cluster. Each service
// keeps its own rules on top (allow lists, schemes, names) and its own error messages.

/** Raised (as a connect error) when a host resolves to an address we must not reach. */
export class PrivateAddressError extends Error {
  readonly code = 'ERR_PRIVATE_ADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback, link-local or reserved address`);
    this.name = 'PrivateAddressError';
  }
}

/**
 * True only for globally routable unicast addresses. ipaddr.js classifies the ranges (private,
 * loopback, link-local incl. 169.254.169.254 metadata, unique-local fc00::/7, unspecified,
 * CGNAT, multicast, reserved, …); IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 it is.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/**
 * The host of a URL as an IP literal ("[::1]" → "::1"), or null when it is a name. Literals never
 * go through a lookup, so callers check them with isPublicAddress before connecting.
 */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : null;
}

/**
 * A `lookup` for net/tls connect that resolves the name, refuses if ANY resolved address is not
 * public, and hands the socket exactly the addresses it checked. Because the check happens inside
 * the connection's own lookup, the address connected to is the address checked: a DNS answer that
 * changes between check and connect (DNS rebinding) cannot slip through.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused || addresses.length === 0) {
      return callback(new PrivateAddressError(hostname, refused?.address ?? 'nothing'), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
};

/** Whether an error (or one of the causes an HTTP client wraps it in) is guardedLookup's refusal. */
export function causedByPrivateAddress(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: string }).code === 'ERR_PRIVATE_ADDRESS') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
