import { createHash, randomBytes } from 'node:crypto';

/** A random opaque secret, URL-safe: refresh tokens, API keys, exchange codes. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Refresh tokens and API keys carry 256 bits of randomness, so a fast hash is enough to store
 * them (no dictionary to brute-force) and lets lookups go through a unique index.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
