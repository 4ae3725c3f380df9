import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';

export interface TestTokenOptions {
  /** PKCS#8 PEM of an Ed25519 key, e.g. from generateSigningKeyPair(). */
  privateKeyPem: string;
  userId?: string;
  orgId?: string | null;
  /** With an orgId: owner or member (default member). */
  orgRole?: 'owner' | 'member';
  role?: 'user' | 'admin';
  sessionId?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an already expired token. Default 900. */
  expiresInSeconds?: number;
}

/**
 * Signs an access token shaped exactly like auth-svc's (EdDSA, typ "access", sub/org/orole/role/sid),
 * for tests and benchmarks of services that verify tokens locally.
 */
export async function signTestAccessToken(options: TestTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    org: options.orgId ?? null,
    ...(options.orgId ? { orole: options.orgRole ?? 'member' } : {}),
    role: options.role ?? 'user',
    sid: options.sessionId ?? 'session-test',
    typ: 'access',
  })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(options.userId ?? 'user-test')
    .setIssuer(options.issuer ?? 'perplexica-auth')
    .setAudience(options.audience ?? 'perplexica')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 900))
    .sign(createPrivateKey(options.privateKeyPem));
}
