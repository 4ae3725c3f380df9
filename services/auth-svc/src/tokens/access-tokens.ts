import type { AccessClaims, OrgRole, Role } from '@perplexica/auth-kit';
import { SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys.ts';

export interface AccessTokenSubject {
  userId: string;
  orgId: string | null;
  orgRole: OrgRole | null;
  role: Role;
  sessionId: string;
}

export interface AccessTokenIssuer {
  issue(subject: AccessTokenSubject): Promise<{ token: string; expiresIn: number }>;
}

/** Signs the short-lived access JWTs every service verifies locally with the public key. */
export function createAccessTokenIssuer(options: {
  keys: SigningKeys;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}): AccessTokenIssuer {
  return {
    async issue({ userId, orgId, orgRole, role, sessionId }) {
      const claims: Omit<AccessClaims, 'sub'> = {
        org: orgId,
        ...(orgId && orgRole ? { orole: orgRole } : {}),
        role,
        sid: sessionId,
        typ: 'access',
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: options.keys.alg, kid: options.keys.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .sign(options.keys.privateKey);
      return { token, expiresIn: options.ttlSeconds };
    },
  };
}
