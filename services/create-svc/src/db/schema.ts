import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;

export type ArtifactKind = 'table' | 'dashboard' | 'image';
/** Tables and dashboards are ready when made; an image is pending until its job has stored it. */
export type ArtifactStatus = 'pending' | 'ready' | 'failed';

export interface ArtifactsTable {
  id: string;
  /** auth-svc's JWT `sub`; every query is scoped by it. */
  user_id: string;
  org_id: string | null;
  kind: ArtifactKind;
  status: ArtifactStatus;
  title: string;
  /** What the artifact is, by kind (see artifacts/artifact-content.ts). */
  content: JSONColumnType<Record<string, unknown>>;
  /** How it was made: given data, a prompt (with a thread), a table artifact. */
  origin: JSONColumnType<Record<string, unknown>>;
  /** Binary content in the object store (images), with its type and size. */
  object_key: string | null;
  content_type: string | null;
  byte_size: number | null;
  /** Why a pending artifact failed: {code, message}. */
  error: ColumnType<{ code: string; message: string } | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Generated<Date>;
}

export interface CreateDatabase {
  artifacts: ArtifactsTable;
}

export type ArtifactRow = Selectable<ArtifactsTable>;
