import type { FileRow } from './db/schema.ts';

/** A file as every route returns it (docs/knowledge.md). */
export function fileView(row: FileRow) {
  return {
    id: row.id,
    name: row.name,
    mediaType: row.media_type,
    size: Number(row.size),
    status: row.status,
    error: row.error,
    pages: row.pages,
    chunks: row.chunk_count,
    truncated: row.truncated,
    spaceId: row.space_id,
    source: row.source,
    sourceUrl: row.source_url,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
