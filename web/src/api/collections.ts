import { api } from './client.ts';

/** A user's named group of threads, in their own order (projects-svc). */
export interface Collection {
  id: string;
  name: string;
  description: string;
  threadIds: string[];
  /** Set while the collection is shared as a read-only link. */
  shareId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What anyone holding a collection's link sees: titles, and each thread's own link if it is shared. */
export interface SharedCollection {
  collection: { name: string; description: string };
  threads: Array<{ title: string; sharedPath: string | null }>;
}

export const collections = {
  list: () => api<{ collections: Collection[] }>('/api/v1/collections'),
  /** With each thread's title, in order (null: deleted from the library since). */
  get: (id: string) =>
    api<{ collection: Collection; threads: Array<{ id: string; title: string | null }> }>(
      `/api/v1/collections/${id}`,
    ),
  create: (name: string, description = '') =>
    api<{ collection: Collection }>('/api/v1/collections', { body: { name, description } }),
  update: (id: string, patch: { name?: string; description?: string }) =>
    api<{ collection: Collection }>(`/api/v1/collections/${id}`, { method: 'PATCH', body: patch }),
  remove: (id: string) => api<void>(`/api/v1/collections/${id}`, { method: 'DELETE' }),
  addThread: (id: string, threadId: string) =>
    api<{ collection: Collection }>(`/api/v1/collections/${id}/threads`, { body: { threadId } }),
  removeThread: (id: string, threadId: string) =>
    api<void>(`/api/v1/collections/${id}/threads/${threadId}`, { method: 'DELETE' }),
  /** The whole new order: projects-svc wants every thread of the collection, each once. */
  reorder: (id: string, threadIds: string[]) =>
    api<{ collection: Collection }>(`/api/v1/collections/${id}/order`, {
      method: 'PUT',
      body: { threadIds },
    }),
  share: (id: string) =>
    api<{ shareId: string; path: string }>(`/api/v1/collections/${id}/share`, { method: 'POST' }),
  unshare: (id: string) => api<void>(`/api/v1/collections/${id}/share`, { method: 'DELETE' }),
};

/** A shared collection, by its public link: no account needed. */
export async function openSharedCollection(shareId: string): Promise<SharedCollection> {
  const response = await fetch(`/api/v1/collections/shared/${encodeURIComponent(shareId)}`);
  if (!response.ok) throw new Error('This link does not exist or is no longer shared.');
  return (await response.json()) as SharedCollection;
}

/** The shareable address of a collection in this app. */
export const collectionShareUrl = (shareId: string) => `${location.origin}/collections/shared/${shareId}`;

/** A shared thread's page in this app, from library-svc's API path `/api/v1/library/shared/<id>`. */
export const sharedThreadHref = (sharedPath: string) => `/s/${sharedPath.split('/').pop() ?? ''}`;
