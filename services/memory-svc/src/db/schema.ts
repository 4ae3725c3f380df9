import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;

export type MemoryScope = 'personal' | 'org';
export type MemorySource = 'user' | 'extracted';

export interface MemoriesTable {
  id: string;
  /** personal: a user's own memory; org: a fact of the whole organization. */
  scope: MemoryScope;
  /** The user id (personal) or the org id (org): every query is scoped by (scope, owner_id). */
  owner_id: string;
  /** The user who wrote it (for org facts, the owner or admin). */
  created_by: string;
  source: MemorySource;
  /** The thread an extracted memory came from. */
  thread_id: string | null;
  text: string;
  /** Lower case, whitespace collapsed, trailing punctuation dropped: the dedupe key. */
  normalized: string;
  /** The quantized unit vector (signed bytes) and its scale; null when embedding failed. */
  embedding: Buffer | null;
  embedding_scale: number | null;
  /** The embedder that made the vector; vectors of another model are never compared. */
  embedding_model: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserSettingsTable {
  user_id: string;
  enabled: boolean;
  updated_at: Timestamp;
}

export interface OrgSettingsTable {
  org_id: string;
  default_enabled: boolean;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface MemoryDatabase {
  memories: MemoriesTable;
  user_settings: UserSettingsTable;
  org_settings: OrgSettingsTable;
}

export type MemoryRow = Selectable<MemoriesTable>;
