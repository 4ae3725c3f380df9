import { api } from './client.ts';
import type { User } from './session.ts';
import type { ApiKey } from './types.ts';

export interface OrgDomain {
  domain: string;
  verified: boolean;
  dnsRecord: { type: 'TXT'; name: string; value: string };
}

export interface Org {
  id: string;
  name: string;
  memberCount: number;
  domains: OrgDomain[];
}

export interface OrgSso {
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  redirectUri: string;
}

export const orgs = {
  create: (name: string) => api<{ id: string; name: string }>('/api/v1/auth/orgs', { body: { name } }),
  open: (orgId: string) => api<Org>(`/api/v1/auth/orgs/${orgId}`),
  claimDomain: (orgId: string, domain: string) =>
    api<OrgDomain>(`/api/v1/auth/orgs/${orgId}/domains`, { body: { domain } }),
  verifyDomain: (orgId: string, domain: string) =>
    api<OrgDomain>(`/api/v1/auth/orgs/${orgId}/domains/${encodeURIComponent(domain)}/verify`, {
      method: 'POST',
    }),
  removeDomain: (orgId: string, domain: string) =>
    api<void>(`/api/v1/auth/orgs/${orgId}/domains/${encodeURIComponent(domain)}`, { method: 'DELETE' }),
  sso: (orgId: string) => api<OrgSso>(`/api/v1/auth/orgs/${orgId}/sso`),
  saveSso: (orgId: string, body: { issuer: string; clientId: string; clientSecret?: string | null }) =>
    api<OrgSso>(`/api/v1/auth/orgs/${orgId}/sso`, { method: 'PUT', body }),
  removeSso: (orgId: string) => api<void>(`/api/v1/auth/orgs/${orgId}/sso`, { method: 'DELETE' }),
};

export const account = {
  me: () =>
    api<{ user: User & { createdAt: string }; org: { id: string; name: string } | null }>('/api/v1/auth/me'),
  listKeys: () => api<{ apiKeys: ApiKey[] }>('/api/v1/auth/api-keys'),
  createKey: (name: string, scopes: string[]) =>
    api<ApiKey & { key: string }>('/api/v1/auth/api-keys', { body: { name, scopes } }),
  revokeKey: (id: string) => api<ApiKey>(`/api/v1/auth/api-keys/${id}`, { method: 'DELETE' }),
  listUsers: (email?: string) =>
    api<{ users: Array<User & { createdAt: string }> }>(
      `/api/v1/auth/admin/users?limit=100${email ? `&email=${encodeURIComponent(email)}` : ''}`,
    ),
  setRole: (userId: string, role: 'user' | 'admin') =>
    api<User>(`/api/v1/auth/admin/users/${userId}`, { method: 'PATCH', body: { role } }),
};

/** The scopes a key can hold, for the create form (auth-kit's list, in words). */
export const keyScopes: Array<{ scope: string; label: string }> = [
  { scope: 'chat', label: 'Ask questions (chat and completions API)' },
  { scope: 'search', label: 'Search' },
  { scope: 'library:read', label: 'Read the library' },
  { scope: 'library:write', label: 'Change the library' },
];
