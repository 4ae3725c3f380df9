import { ipLiteral, isPublicAddress } from '@perplexica/net';

// A custom feed is a URL a user hands us and search-svc then fetches for them, so it must not
// reach inside the cluster. search-svc's fetch guard (@perplexica/net's guardedLookup, redirect
// checks, size and time limits) is what actually protects every fetch, including names that
// resolve to private addresses; this check refuses the obvious cases at the door, with a 400 the
// user can act on, instead of a topic that silently never loads.

const localNames = /(^|\.)(localhost|local|internal|localdomain|svc|cluster\.local)$/i;
const MAX_URL_CHARS = 2_048;

/** host:port as FETCH_ALLOW_PRIVATE_HOSTS-style allow lists name it (the default port spelled out). */
const hostAndPort = (url: URL) => `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;

/**
 * Why a URL may not be a custom feed, or null when it may: http(s) only, no credentials, and not a
 * private, loopback or link-local address or a local name unless its host:port is in `allowPrivate`
 * (CUSTOM_FEEDS_ALLOW_PRIVATE_HOSTS).
 */
export function feedUrlProblem(value: string, allowPrivate: readonly string[]): string | null {
  if (value.length > MAX_URL_CHARS) return `must be at most ${MAX_URL_CHARS} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (allowPrivate.includes(url.host) || allowPrivate.includes(hostAndPort(url))) return null;
  const host = url.hostname;
  const literal = ipLiteral(host);
  if (literal ? !isPublicAddress(literal) : localNames.test(host) || !host.includes('.')) {
    return 'must not point to a private, loopback or link-local address';
  }
  return null;
}
