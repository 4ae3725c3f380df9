import { api, authorizedFetch } from './client.ts';
import { failureFrom } from './errors.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';
export const auditOutcomes: AuditOutcome[] = ['success', 'failure', 'denied'];

/** One event of the org's audit log, as audit-svc lists it. */
export interface AuditEvent {
  eventId: string;
  service: string;
  time: string;
  actor: { id: string; type: 'user' | 'api_key' | 'service' | 'anonymous' };
  orgId: string | null;
  action: string;
  target: { type: string; id: string } | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  seq: number;
  hash: string;
}

export interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

export type ChainCheck =
  | { ok: true; checked: number }
  | { ok: false; firstBrokenSeq: number; reason: string };

/** The filters audit-svc understands, as the page's address carries them (ISO times, exact values). */
export const auditFilterNames = ['from', 'to', 'actor', 'action', 'target', 'outcome', 'q'] as const;
export type AuditFilterName = (typeof auditFilterNames)[number];
export type AuditFilters = Partial<Record<AuditFilterName, string>>;

/** The filters that are set, as a query string (the same for the list and the export). */
export function auditQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of auditFilterNames) {
    const value = filters[name]?.trim();
    if (value) query.set(name, value);
  }
  return query;
}

const base = '/api/v1/admin/audit-logs';

export const auditLog = {
  list(filters: AuditFilters, cursor?: string | null): Promise<AuditPage> {
    const query = auditQuery(filters);
    query.set('limit', '50');
    if (cursor) query.set('cursor', cursor);
    return api(`${base}?${query}`);
  },
  verify: () => api<ChainCheck>(`${base}/verify`),

  /**
   * The matching events as a file. The export needs the session's bearer token, which a plain
   * link cannot carry (the token lives in memory only), so it is fetched and handed to the
   * browser's download as a blob. Returns the file name audit-svc chose.
   */
  async download(filters: AuditFilters, format: 'csv' | 'jsonl'): Promise<string> {
    const query = auditQuery(filters);
    query.set('format', format);
    const response = await authorizedFetch(`${base}/export?${query}`);
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw failureFrom(response.status, body, response.headers.get('retry-after'));
    }
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `audit-log.${format}`;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return filename;
  },
};
