import type { ObjectStore } from '@perplexica/object-store';
import type { ArtifactRow } from '../db/schema.ts';
import type { DashboardContent, ImageContent, TableContent } from './artifact-content.ts';

export const contentPath = (id: string) => `/api/v1/create/artifacts/${id}/content`;

/** The file name a download of the artifact gets. */
export function downloadName(row: ArtifactRow): string {
  const base =
    row.title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || `${row.kind}-${row.id.slice(0, 8)}`;
  const extension =
    row.kind === 'table'
      ? 'csv'
      : row.kind === 'dashboard'
        ? 'json'
        : (row.content_type?.split('/')[1] ?? 'bin');
  return `${base}.${extension === 'jpeg' ? 'jpg' : extension}`;
}

interface ViewOptions {
  store: ObjectStore;
  urlSeconds: number;
  /** Lists leave the rows out (a table may have thousands); the artifact itself has them. */
  withRows: boolean;
}

async function imageView(row: ArtifactRow, options: ViewOptions) {
  const content = row.content as unknown as ImageContent;
  const ready = row.status === 'ready' && row.object_key !== null;
  return {
    prompt: content.prompt,
    size: content.size,
    model: content.model,
    revisedPrompt: content.revisedPrompt,
    contentType: row.content_type,
    bytes: row.byte_size,
    /** A short-lived link straight to the object store; `contentPath` streams it through us instead. */
    url: ready
      ? await options.store.presignedDownload(
          row.object_key as string,
          options.urlSeconds,
          downloadName(row),
          {
            inline: true,
            contentType: row.content_type ?? 'application/octet-stream',
          },
        )
      : null,
    urlExpiresAt: ready ? new Date(Date.now() + options.urlSeconds * 1_000).toISOString() : null,
  };
}

/** An artifact as its owner sees it. */
export async function artifactView(row: ArtifactRow, options: ViewOptions) {
  const base = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    origin: row.origin,
    error: row.error,
    contentPath: row.status === 'ready' ? contentPath(row.id) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  if (row.kind === 'table') {
    const content = row.content as unknown as TableContent;
    return {
      ...base,
      table: {
        columns: content.columns,
        rowCount: content.rows.length,
        ...(options.withRows ? { rows: content.rows } : {}),
      },
    };
  }
  if (row.kind === 'dashboard') {
    const content = row.content as unknown as DashboardContent;
    return {
      ...base,
      dashboard: {
        version: content.version,
        charts: content.charts,
        columns: content.columns,
        rowCount: content.rows.length,
        ...(options.withRows ? { rows: content.rows } : {}),
      },
    };
  }
  return { ...base, image: await imageView(row, options) };
}
