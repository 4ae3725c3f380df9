import { api } from './client.ts';
import type { Message, Thread } from './types.ts';

export interface ThreadPage {
  threads: Thread[];
  nextCursor: string | null;
}

export const library = {
  list(
    options: { q?: string; saved?: boolean; cursor?: string | null; spaceId?: string } = {},
  ): Promise<ThreadPage> {
    const query = new URLSearchParams({ limit: '30' });
    if (options.q) query.set('q', options.q);
    if (options.saved) query.set('saved', 'true');
    if (options.spaceId) query.set('spaceId', options.spaceId);
    if (options.cursor) query.set('cursor', options.cursor);
    return api(`/api/v1/library/threads?${query}`);
  },
  open: (id: string) => api<{ thread: Thread; messages: Message[] }>(`/api/v1/library/threads/${id}`),
  rename: (id: string, title: string) =>
    api<{ thread: Thread }>(`/api/v1/library/threads/${id}`, { method: 'PATCH', body: { title } }),
  bookmark: (id: string, saved: boolean) =>
    api<{ thread: Thread }>(`/api/v1/library/threads/${id}`, { method: 'PATCH', body: { saved } }),
  remove: (id: string) => api<void>(`/api/v1/library/threads/${id}`, { method: 'DELETE' }),
  share: (id: string) => api<{ shareId: string }>(`/api/v1/library/threads/${id}/share`, { method: 'POST' }),
  unshare: (id: string) => api<void>(`/api/v1/library/threads/${id}/share`, { method: 'DELETE' }),
};

export interface SharedThread {
  thread: { title: string; createdAt: string };
  messages: Array<
    Pick<Message, 'query' | 'answer' | 'sources' | 'related' | 'model' | 'status' | 'createdAt'>
  >;
}

/** A shared thread, by its public link: no account needed. */
export async function openShared(shareId: string): Promise<SharedThread> {
  const response = await fetch(`/api/v1/library/shared/${encodeURIComponent(shareId)}`);
  if (!response.ok) throw new Error('This link does not exist or is no longer shared.');
  return (await response.json()) as SharedThread;
}

/** The shareable address of a thread in this app. */
export const shareUrl = (shareId: string) => `${location.origin}/s/${shareId}`;
