import { api } from './client.ts';

/** Who decided whether memory is on: the person, their organization's default, or the server's. */
export type MemorySettingSource = 'user' | 'org' | 'default';

export interface Memory {
  id: string;
  text: string;
  scope: 'personal';
  /** Added by hand, or learned from a question ("remember that …"). */
  source: 'user' | 'extracted';
  threadId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrgFact {
  id: string;
  text: string;
  scope: 'org';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A memory an answer used, as chat-svc lists it in the `meta` event. */
export interface UsedMemory {
  id: string;
  text: string;
  scope: 'personal' | 'org';
}

export const memoryTextLimit = 500;

export const memory = {
  settings: () => api<{ enabled: boolean; source: MemorySettingSource }>('/api/v1/memory/settings'),
  /** null: follow the organization's default (or the server's) again. */
  setEnabled: (enabled: boolean | null) =>
    api<{ enabled: boolean; source: MemorySettingSource }>('/api/v1/memory/settings', {
      method: 'PUT',
      body: { enabled },
    }),
  list: (q?: string) =>
    api<{ memories: Memory[] }>(`/api/v1/memory${q ? `?q=${encodeURIComponent(q)}` : ''}`),
  add: (text: string) => api<{ memory: Memory }>('/api/v1/memory', { body: { text } }),
  edit: (id: string, text: string) =>
    api<{ memory: Memory }>(`/api/v1/memory/${id}`, { method: 'PATCH', body: { text } }),
  remove: (id: string) => api<void>(`/api/v1/memory/${id}`, { method: 'DELETE' }),
  forgetEverything: () => api<void>('/api/v1/memory', { method: 'DELETE' }),

  orgSettings: () =>
    api<{ defaultEnabled: boolean; source: 'org' | 'default' }>('/api/v1/memory/org/settings'),
  setOrgDefault: (defaultEnabled: boolean | null) =>
    api<{ defaultEnabled: boolean; source: 'org' | 'default' }>('/api/v1/memory/org/settings', {
      method: 'PUT',
      body: { defaultEnabled },
    }),
  orgFacts: () => api<{ memories: OrgFact[] }>('/api/v1/memory/org'),
  addOrgFact: (text: string) => api<{ memory: OrgFact }>('/api/v1/memory/org', { body: { text } }),
  editOrgFact: (id: string, text: string) =>
    api<{ memory: OrgFact }>(`/api/v1/memory/org/${id}`, { method: 'PATCH', body: { text } }),
  removeOrgFact: (id: string) => api<void>(`/api/v1/memory/org/${id}`, { method: 'DELETE' }),
};
