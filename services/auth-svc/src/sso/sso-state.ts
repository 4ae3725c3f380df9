import { timingSafeEqual } from 'node:crypto';
import type { Redis } from '@perplexica/redis';
import { hashSecret, randomSecret } from '../tokens/secrets.ts';

/** How long a user has at the identity provider before the sign-in must start over. */
export const PENDING_LOGIN_TTL_SECONDS = 600;
/** How long the web app has to trade the exchange code for tokens. */
export const EXCHANGE_CODE_TTL_SECONDS = 60;

/** What the callback needs to finish a sign-in that /sso/start began. */
export interface PendingLogin {
  orgId: string;
  codeVerifier: string;
  nonce: string;
  /** Path in the web app to land on afterwards. */
  returnTo: string | null;
  /** Hash of the browser-binding cookie set by /sso/start. */
  browserHash: string;
}

/** A finished sign-in waiting for the web app to redeem it. */
export interface ExchangeGrant {
  userId: string;
  returnTo: string | null;
  browserHash: string;
}

// Keys hold hashes, never the state or code themselves (the client already adds the service prefix).
const pendingKey = (state: string) => `sso:state:${hashSecret(state)}`;
const exchangeKey = (code: string) => `sso:exchange:${hashSecret(code)}`;

function parse<T>(raw: string | null): T | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export async function savePendingLogin(redis: Redis, state: string, login: PendingLogin): Promise<void> {
  await redis.set(pendingKey(state), JSON.stringify(login), 'EX', PENDING_LOGIN_TTL_SECONDS);
}

/** Reads and deletes in one step (GETDEL): a state works once, even with two callbacks racing. */
export async function takePendingLogin(redis: Redis, state: string): Promise<PendingLogin | null> {
  return parse<PendingLogin>(await redis.getdel(pendingKey(state)));
}

/** Issues a one-time code for the web app; the tokens themselves never travel in a URL. */
export async function issueExchangeCode(redis: Redis, grant: ExchangeGrant): Promise<string> {
  const code = randomSecret(32);
  await redis.set(exchangeKey(code), JSON.stringify(grant), 'EX', EXCHANGE_CODE_TTL_SECONDS);
  return code;
}

export async function redeemExchangeCode(redis: Redis, code: string): Promise<ExchangeGrant | null> {
  return parse<ExchangeGrant>(await redis.getdel(exchangeKey(code)));
}

/**
 * A random value for the browser-binding cookie and the hash stored beside the state. The
 * callback and the exchange only succeed in the browser that started the sign-in, so nobody can
 * sign a victim's browser into the attacker's account with a stolen callback link or code.
 */
export function newBrowserBinding(): { cookie: string; hash: string } {
  const cookie = randomSecret(32);
  return { cookie, hash: hashSecret(cookie) };
}

export function browserMatches(cookie: string | undefined, expectedHash: string): boolean {
  if (!cookie) return false;
  const presented = Buffer.from(hashSecret(cookie));
  const expected = Buffer.from(expectedHash);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
