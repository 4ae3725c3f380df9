import { api } from './client.ts';
import type { Focus, Mode } from './types.ts';

export type SpaceRole = 'owner' | 'editor' | 'viewer';
export type Visibility = 'private' | 'org';

/** A space as projects-svc shows it to a member, with the caller's own role. */
export interface Space {
  id: string;
  name: string;
  description: string;
  /** Custom instructions chat-svc puts in the system prompt of every answer in the space. */
  instructions: string;
  defaultMode: Mode | null;
  defaultFocus: Focus | null;
  visibility: Visibility;
  /** Sites whose pages rank first in the space's answers (when relevant at all). */
  pinnedDomains: string[];
  /** Sites whose pages never become sources of the space's answers. */
  blockedDomains: string[];
  ownerId: string;
  orgId: string | null;
  role: SpaceRole;
  createdAt: string;
  updatedAt: string;
}

export interface SpaceMember {
  userId: string;
  /** Null for the owner (tokens carry no email, so projects-svc never learned it). */
  email: string | null;
  role: SpaceRole;
  addedAt: string;
}

export type SpaceFields = Pick<
  Space,
  'name' | 'description' | 'instructions' | 'defaultMode' | 'defaultFocus' | 'visibility'
>;

/** projects-svc's limits (services/projects-svc/src/wire-schemas.ts), so the form says them first. */
export const spaceLimits = {
  nameChars: 100,
  descriptionChars: 2_000,
  instructionsChars: 8_000,
  domainsPerList: 50,
};

/** What the settings form may change beyond SpaceFields: the space's domain preferences. */
export type SpaceDomains = Pick<Space, 'pinnedDomains' | 'blockedDomains'>;

export const spaces = {
  list: () => api<{ spaces: Space[] }>('/api/v1/projects'),
  get: (id: string) => api<{ space: Space }>(`/api/v1/projects/${id}`),
  create: (fields: Partial<SpaceFields> & { name: string }) =>
    api<{ space: Space }>('/api/v1/projects', { body: fields }),
  update: (id: string, patch: Partial<SpaceFields & SpaceDomains>) =>
    api<{ space: Space }>(`/api/v1/projects/${id}`, { method: 'PATCH', body: patch }),
  remove: (id: string) => api<void>(`/api/v1/projects/${id}`, { method: 'DELETE' }),

  members: (id: string) => api<{ members: SpaceMember[] }>(`/api/v1/projects/${id}/members`),
  addMember: (id: string, email: string, role: Exclude<SpaceRole, 'owner'>) =>
    api<{ member: SpaceMember }>(`/api/v1/projects/${id}/members`, { body: { email, role } }),
  setMemberRole: (id: string, userId: string, role: Exclude<SpaceRole, 'owner'>) =>
    api<{ member: SpaceMember }>(`/api/v1/projects/${id}/members/${encodeURIComponent(userId)}`, {
      method: 'PATCH',
      body: { role },
    }),
  /** Removes someone (the owner), or leaves the space (anyone, for themselves). */
  removeMember: (id: string, userId: string) =>
    api<void>(`/api/v1/projects/${id}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
};

/** Editors and the owner change what a space holds; viewers read it. */
export const canEdit = (space: Pick<Space, 'role'>) => space.role === 'owner' || space.role === 'editor';
