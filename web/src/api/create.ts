import { api, authorizedFetch } from './client.ts';
import { ApiFailure, type FieldIssue, failureFrom } from './errors.ts';

/** What a column holds (create-svc types each column by the narrowest type all its cells fit). */
export type ColumnType = 'string' | 'number' | 'date' | 'url';
export interface Column {
  key: string;
  label: string;
  type: ColumnType;
}
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export type ChartType = 'bar' | 'line' | 'area' | 'pie';
export const chartTypes: ChartType[] = ['bar', 'line', 'area', 'pie'];

/** A chart of create-svc's dashboard spec, version 1 (its README, "Dashboards"). */
export interface ChartSpec {
  type: ChartType;
  title?: string;
  x: string;
  y: string[];
  /** One y split into series by this field's values (long data). */
  series?: string;
  stacked?: boolean;
}

export type ArtifactKind = 'table' | 'dashboard' | 'image';
export type ArtifactStatus = 'pending' | 'ready' | 'failed';

interface ArtifactBase {
  id: string;
  status: ArtifactStatus;
  title: string;
  origin: { type: 'data' | 'prompt' | 'table'; [detail: string]: unknown };
  error: { code: string; message: string } | null;
  /** Where the artifact is served as a file; null until it is ready. */
  contentPath: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Lists leave rows out (`rowCount` says how many); one artifact opened has them. */
export interface TableArtifact extends ArtifactBase {
  kind: 'table';
  table: { columns: Column[]; rowCount: number; rows?: Row[] };
}
export interface DashboardArtifact extends ArtifactBase {
  kind: 'dashboard';
  dashboard: { version: number; charts: ChartSpec[]; columns: Column[]; rowCount: number; rows?: Row[] };
}
export interface ImageArtifact extends ArtifactBase {
  kind: 'image';
  image: {
    prompt: string;
    size: string;
    model: string;
    revisedPrompt: string | null;
    contentType: string | null;
    bytes: number | null;
    url: string | null;
    urlExpiresAt: string | null;
  };
}
export type Artifact = TableArtifact | DashboardArtifact | ImageArtifact;

export interface ArtifactPage {
  artifacts: Artifact[];
  nextCursor: string | null;
}

/** Data the person gives: CSV text (a header row first) or JSON rows. */
export type GivenData =
  | { format: 'csv'; text: string; delimiter?: ',' | ';' | '\t' }
  | { format: 'json'; rows: Array<Record<string, unknown>> };

export const imageSizes = ['1024x1024', '1536x1024', '1024x1536', '1792x1024', '1024x1792'] as const;
export type ImageSize = (typeof imageSizes)[number];

export type ExportFormat = 'markdown' | 'pdf' | 'docx';
const exportExtensions: Record<ExportFormat, string> = { markdown: 'md', pdf: 'pdf', docx: 'docx' };

const base = '/api/v1/create';

/** An artifact is made by a POST; a refusal keeps its field issues (ApiFailure.issues). */
const make = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', body });

/** The issues a failure names whose path starts with `prefix` (all of them for ""). */
export function issuesAt(error: unknown, prefix: string): FieldIssue[] {
  if (!(error instanceof ApiFailure)) return [];
  return error.issues.filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`));
}

/**
 * The file name a `content-disposition` header gives: the UTF-8 `filename*` (RFC 6266) when
 * present, so "Вода.pdf" keeps its letters, else the plain `filename`, else the fallback.
 */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  const header = disposition ?? '';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // A malformed escape: the plain name below still serves.
    }
  }
  return (
    /filename\s*=\s*"([^"]+)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1] ?? fallback
  );
}

/**
 * A response body handed to the browser's download as a blob, under the server's file name.
 * Downloads need the session's bearer token, which a plain link cannot carry (it lives in memory),
 * so the file is fetched first; the whole file is held in the tab while it downloads.
 */
async function saveResponse(response: Response, fallbackName: string): Promise<string> {
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw failureFrom(response.status, body, response.headers.get('retry-after'));
  }
  const blob = await response.blob();
  const filename = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return filename;
}

export const create = {
  table: (input: { title?: string; prompt?: string; data?: GivenData }) =>
    make<{ artifact: TableArtifact }>(`${base}/tables`, input),
  dashboard: (input: { title: string; tableId: string; charts: ChartSpec[] }) =>
    make<{ artifact: DashboardArtifact }>(`${base}/dashboards`, input),
  image: (input: { prompt: string; size?: ImageSize; title?: string }) =>
    make<{ artifact: ImageArtifact }>(`${base}/images`, input),

  list(options: { kind?: ArtifactKind | null; cursor?: string | null; limit?: number } = {}) {
    const query = new URLSearchParams({ limit: String(options.limit ?? 20) });
    if (options.kind) query.set('kind', options.kind);
    if (options.cursor) query.set('cursor', options.cursor);
    return api<ArtifactPage>(`${base}/artifacts?${query}`);
  },
  get: (id: string) => api<{ artifact: Artifact }>(`${base}/artifacts/${encodeURIComponent(id)}`),
  remove: (id: string) => api<void>(`${base}/artifacts/${encodeURIComponent(id)}`, { method: 'DELETE' }),

  /** The artifact as a file (a table as CSV, a dashboard as JSON, an image's bytes), downloaded. */
  async download(artifact: Artifact): Promise<string> {
    const response = await authorizedFetch(`${base}/artifacts/${encodeURIComponent(artifact.id)}/content`);
    return saveResponse(response, `${artifact.kind}-${artifact.id.slice(0, 8)}`);
  },

  /**
   * An image's bytes as an object URL for an <img>. They come through create-svc with the token:
   * the presigned object-store link may name a host the browser cannot reach.
   */
  async imageUrl(id: string, signal?: AbortSignal): Promise<string> {
    const response = await authorizedFetch(`${base}/artifacts/${encodeURIComponent(id)}/content`, {
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw failureFrom(response.status, body, response.headers.get('retry-after'));
    }
    return URL.createObjectURL(await response.blob());
  },
};

/** One of the person's threads as a Markdown, PDF or Word file (create-svc renders it). */
export async function exportThread(threadId: string, format: ExportFormat): Promise<string> {
  const response = await authorizedFetch(
    `/api/v1/export/threads/${encodeURIComponent(threadId)}?format=${format}`,
  );
  return saveResponse(response, `thread.${exportExtensions[format]}`);
}

/** A shared thread as a file: the public link is enough, no session needed. */
export async function exportSharedThread(shareId: string, format: ExportFormat): Promise<string> {
  const response = await fetch(`/api/v1/export/shared/${encodeURIComponent(shareId)}?format=${format}`);
  return saveResponse(response, `shared-thread.${exportExtensions[format]}`);
}
