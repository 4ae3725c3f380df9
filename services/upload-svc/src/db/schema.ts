import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;

export const fileStatuses = ['queued', 'processing', 'ready', 'failed'] as const;
export type FileStatus = (typeof fileStatuses)[number];

export interface FilesTable {
  id: Generated<string>;
  /** auth-svc's user id of who uploaded it (for connector documents: who created the connector). */
  owner_id: string;
  org_id: string | null;
  /** projects-svc's space, when uploaded into one: every member may then read it. */
  space_id: string | null;
  name: string;
  /** The type found by looking at the content, never the one the browser claimed. */
  media_type: string;
  size: number;
  sha256: string;
  object_key: string;
  status: Generated<FileStatus>;
  /** Why processing failed, in words a user can act on. */
  error: string | null;
  pages: number | null;
  chunk_count: Generated<number>;
  /** Only the first MAX_EXTRACTED_CHARS of the text were indexed. */
  truncated: Generated<boolean>;
  source: Generated<'upload' | 'connector'>;
  /** A connector's key for the document (unique within the space). */
  source_key: string | null;
  /** Where a connector found it. */
  source_url: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ChunksTable {
  id: Generated<string>;
  file_id: string;
  /** Copied from the file, so searches filter chunks without a join; null for connector documents. */
  owner_id: string | null;
  space_id: string | null;
  chunk_index: number;
  /** 1-based page of a PDF; null for formats without pages. */
  page: number | null;
  text: string;
  /** Generated from the text; never written. */
  search: ColumnType<string, never, never>;
  /** The unit vector as signed bytes (see @perplexica/embeddings quantize) and its scale. */
  embedding: Buffer | null;
  embedding_scale: number | null;
  /** The embedder that made the vector: vectors of different models are never compared. */
  embedding_model: string | null;
}

/** Bumped whenever the searchable chunks of a user or a space change; the vector cache keys on it. */
export interface ScopeVersionsTable {
  scope: string;
  version: ColumnType<string, string | number, string | number>;
}

export interface UploadDatabase {
  files: FilesTable;
  chunks: ChunksTable;
  scope_versions: ScopeVersionsTable;
}

export type FileRow = Selectable<FilesTable>;
export type ChunkRow = Selectable<ChunksTable>;
