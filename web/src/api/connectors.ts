import { api } from './client.ts';

export type ConnectorType = 'web' | 'rss';
export type SyncStatus = 'never' | 'running' | 'ok' | 'failed';

/** A source a space keeps in sync (projects-svc): its pages become the space's files. */
export interface Connector {
  id: string;
  spaceId: string;
  type: ConnectorType;
  url: string;
  name: string;
  schedule: { intervalMinutes: number };
  enabled: boolean;
  lastSync: {
    status: SyncStatus;
    startedAt: string | null;
    finishedAt: string | null;
    documents: number | null;
    skipped: number | null;
    /** Why the last sync failed, in words. */
    error: string | null;
  };
  createdAt: string;
  updatedAt: string;
}

export const connectorTypes: Array<{ value: ConnectorType; label: string; hint: string }> = [
  { value: 'web', label: 'Web page or sitemap', hint: 'A page, or a sitemap.xml listing pages' },
  { value: 'rss', label: 'RSS or Atom feed', hint: 'Every item of the feed' },
];

/** How often a connector syncs; projects-svc accepts 15 minutes to a week. */
export const schedules: Array<{ minutes: number; label: string }> = [
  { minutes: 60, label: 'Every hour' },
  { minutes: 360, label: 'Every 6 hours' },
  { minutes: 1_440, label: 'Every day' },
  { minutes: 10_080, label: 'Every week' },
];

export const scheduleLabel = (minutes: number) =>
  schedules.find((schedule) => schedule.minutes === minutes)?.label ?? `Every ${minutes} minutes`;

export const connectors = {
  list: (spaceId: string) =>
    api<{ connectors: Connector[] }>(`/api/v1/connectors?spaceId=${encodeURIComponent(spaceId)}`),
  create: (input: {
    spaceId: string;
    type: ConnectorType;
    url: string;
    name?: string;
    schedule: { intervalMinutes: number };
  }) => api<{ connector: Connector }>('/api/v1/connectors', { body: input }),
  update: (
    id: string,
    patch: Partial<{ url: string; name: string; schedule: { intervalMinutes: number }; enabled: boolean }>,
  ) => api<{ connector: Connector }>(`/api/v1/connectors/${id}`, { method: 'PATCH', body: patch }),
  remove: (id: string) => api<void>(`/api/v1/connectors/${id}`, { method: 'DELETE' }),
  syncNow: (id: string) => api<{ connector: Connector }>(`/api/v1/connectors/${id}/sync`, { method: 'POST' }),
};
