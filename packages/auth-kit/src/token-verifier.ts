import { createPublicKey, type KeyObject } from 'node:crypto';
import { ApiError } from '@perplexica/errors';
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { type AuthUser, accessClaims } from './claims.ts';

export interface TokenVerifierConfig {
  /** One PEM public key, or several concatenated (during a key rotation). */
  publicKeyPem?: string;
  /** Instead of a PEM: auth-svc's /.well-known/jwks.json, fetched and cached (refetched for unknown key ids). */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /**
   * Verified tokens are remembered by their exact text, so a client's next requests skip the
   * signature check (most of an authenticated request's CPU). At most this many; 0 turns the
   * cache off. Default 10,000.
   */
  cacheMaxEntries?: number;
  /** How long a verdict is reused, capped by the token's own expiry. Default 60 s. */
  cacheTtlMs?: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<AuthUser>;
}

interface VerificationKey {
  key: KeyObject;
  algorithm: 'EdDSA' | 'RS256';
}

function parseKeys(pem: string): VerificationKey[] {
  const blocks = pem.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  if (blocks.length === 0) throw new Error('JWT public key: no PEM PUBLIC KEY block found');
  return blocks.map((block) => {
    const key = createPublicKey(block);
    if (key.asymmetricKeyType === 'ed25519') return { key, algorithm: 'EdDSA' };
    if (key.asymmetricKeyType === 'rsa') return { key, algorithm: 'RS256' };
    throw new Error(`JWT public key: unsupported key type ${key.asymmetricKeyType}`);
  });
}

function toAuthUser(payload: JWTPayload): AuthUser {
  const claims = accessClaims.safeParse(payload);
  if (!claims.success) throw new ApiError('invalid_token', 'Access token has unexpected claims');
  return {
    id: claims.data.sub,
    orgId: claims.data.org ?? null,
    orgRole: claims.data.org ? (claims.data.orole ?? 'member') : null,
    role: claims.data.role,
    via: 'session',
    scopes: ['*'],
    ...(claims.data.sid ? { sessionId: claims.data.sid } : {}),
  };
}

function verificationFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof joseErrors.JWTExpired)
    return new ApiError('token_expired', 'Access token has expired; refresh it');
  return new ApiError('invalid_token', 'Access token is invalid');
}

interface Verified {
  user: AuthUser;
  /** The token's `exp`, in ms. */
  expiresAt: number;
}

function verified(payload: JWTPayload): Verified {
  return { user: toAuthUser(payload), expiresAt: (payload.exp as number) * 1000 };
}

/**
 * Remembers successful verifications only (a forged or tampered token differs in its text, so it
 * never matches an entry) until the token expires or the TTL ends, whichever comes first. The TTL
 * bounds how long a token signed by a key since withdrawn from the JWKS keeps working.
 */
function cached(
  verify: (token: string) => Promise<Verified>,
  maxEntries: number,
  ttlMs: number,
): TokenVerifier {
  if (maxEntries <= 0) return { verify: async (token) => (await verify(token)).user };
  const entries = new Map<string, { user: AuthUser; until: number }>();
  // A copy per request: a handler that changes c.var.user must not change it for the next one.
  const copy = (user: AuthUser): AuthUser => ({ ...user, scopes: [...user.scopes] });
  return {
    async verify(token) {
      const now = Date.now();
      const hit = entries.get(token);
      if (hit) {
        if (hit.until > now) return copy(hit.user);
        entries.delete(token);
      }
      const { user, expiresAt } = await verify(token);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { user, until: Math.min(expiresAt, now + ttlMs) });
      return copy(user);
    },
  };
}

/**
 * Verifies auth-svc's access tokens locally: signature (only the asymmetric algorithm of the
 * configured key, so `alg: none` and HMAC-with-the-public-key tricks fail), expiry (required),
 * issuer, audience, then the claim shape.
 */
export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: 5,
    // A token without an expiry would be valid forever.
    requiredClaims: ['exp', 'sub'],
  };
  const maxEntries = config.cacheMaxEntries ?? 10_000;
  const ttlMs = config.cacheTtlMs ?? 60_000;
  if (config.jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(config.jwksUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    return cached(
      async (token) => {
        try {
          const { payload } = await jwtVerify(token, jwks, { ...options, algorithms: ['EdDSA', 'RS256'] });
          return verified(payload);
        } catch (error) {
          throw verificationFailure(error);
        }
      },
      maxEntries,
      ttlMs,
    );
  }
  if (!config.publicKeyPem) throw new Error('createTokenVerifier needs publicKeyPem or jwksUrl');
  const keys = parseKeys(config.publicKeyPem);
  return cached(
    async (token) => {
      let lastError: unknown;
      for (const { key, algorithm } of keys) {
        try {
          const { payload } = await jwtVerify(token, key, { ...options, algorithms: [algorithm] });
          return verified(payload);
        } catch (error) {
          // An expired token is expired under every key; other failures may pass under the next key.
          if (error instanceof joseErrors.JWTExpired) throw verificationFailure(error);
          lastError = error;
        }
      }
      throw verificationFailure(lastError);
    },
    maxEntries,
    ttlMs,
  );
}
