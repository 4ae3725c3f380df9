import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

// The same rules as search-svc's page fetcher (services/search-svc/src/fetch/address-guard.ts):
// a push endpoint is a URL a user hands us and we POST to, so it must not reach inside the cluster.

/** True only for globally routable unicast addresses (IPv4-mapped IPv6 judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

const localNames = /(^|\.)(localhost|local|internal|localdomain)$/i;

/**
 * Why an endpoint may not be used, or null when it may. Without `allowInsecure`: https only, no
 * credentials, and a host that is neither a private/loopback/link-local address nor a local name.
 * A public-looking name that resolves to a private address is caught when connecting
 * (guardedLookup), where the address checked is the address used.
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
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) ? !isPublicAddress(host) : localNames.test(host) || !host.includes('.')) {
    return 'must not point to a private, loopback or link-local address';
  }
  return null;
}

/** Raised (as a connect error) when a host resolves to an address we must not reach. */
export class PrivateAddressError extends Error {
  readonly code = 'ERR_PRIVATE_ADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback, link-local or reserved address`);
    this.name = 'PrivateAddressError';
  }
}

/**
 * A `lookup` for the connection itself: resolves, refuses if any address is not public, and hands
 * the socket exactly the addresses it checked, so a DNS answer that changes between a check and
 * the connect (rebinding) cannot slip through.
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
