import type { Role } from '@perplexica/auth-kit';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface OrgsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

/** A domain an org claims; users signing up with it join the org once it is verified over DNS. */
export interface OrgDomainsTable {
  domain: string;
  org_id: string;
  verification_token: string;
  verified_at: Date | null;
  created_at: CreatedAt;
}

export interface OrgSsoTable {
  org_id: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  created_at: CreatedAt;
  updated_at: Date;
}

export type OrgRole = 'owner' | 'member';

export interface UsersTable {
  id: Generated<string>;
  /** Stored lower-cased; unique. */
  email: string;
  /** Null for users who only sign in through SSO. */
  password_hash: string | null;
  role: Role;
  org_id: string | null;
  org_role: OrgRole | null;
  created_at: CreatedAt;
  last_login_at: Date | null;
}

/** A user's link to an identity at an OpenID provider. */
export interface UserIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: CreatedAt;
}

/** A sign-in: one refresh-token family. Revoking it ends every token it ever issued. */
export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  user_agent: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  session_id: string;
  token_hash: string;
  expires_at: Date;
  created_at: CreatedAt;
  /** Set when exchanged for a new one; presenting it again means it was stolen. */
  used_at: Date | null;
}

export interface ApiKeysTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  /** First characters of the key, shown in lists so users can tell keys apart. */
  display_prefix: string;
  key_hash: string;
  scopes: string[];
  created_at: CreatedAt;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuthDatabase {
  orgs: OrgsTable;
  org_domains: OrgDomainsTable;
  org_sso: OrgSsoTable;
  users: UsersTable;
  user_identities: UserIdentitiesTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
