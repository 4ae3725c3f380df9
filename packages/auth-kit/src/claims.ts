import { z } from 'zod';

export const roles = ['user', 'admin'] as const;
export type Role = (typeof roles)[number];

/** A user's place in their organization: its owner manages it (domains, SSO, org-wide settings). */
export const orgRoles = ['owner', 'member'] as const;
export type OrgRole = (typeof orgRoles)[number];

/** Who is calling, as every service sees it after authentication. */
export interface AuthUser {
  id: string;
  orgId: string | null;
  role: Role;
  /** Owner or member of `orgId`; null without an organization. */
  orgRole: OrgRole | null;
  /** How the caller proved it: an access JWT from a session, or an API key. */
  via: 'session' | 'api_key';
  /** API-key scopes; sessions carry every scope ("*"). */
  scopes: string[];
  sessionId?: string;
  apiKeyId?: string;
}

/** The claims auth-svc puts in an access token, validated after the signature check. */
export const accessClaims = z.object({
  sub: z.string().min(1),
  org: z.string().nullable().optional(),
  /** Absent in tokens issued before organization roles were carried: treated as a member. */
  orole: z.enum(orgRoles).nullable().optional(),
  role: z.enum(roles),
  sid: z.string().optional(),
  typ: z.literal('access'),
});
export type AccessClaims = z.infer<typeof accessClaims>;

export interface ApiKeyVerifier {
  verify(key: string): Promise<AuthUser | null>;
}

export const API_KEY_PREFIX = 'pk_';

/** auth-svc publishes a revoked key's id here, so services drop their cached verdict at once. */
export const API_KEY_REVOKED_CHANNEL = 'perplexica:events:api-key-revoked';
