import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export const visibilities = ['private', 'org'] as const;
export type Visibility = (typeof visibilities)[number];
export const spaceRoles = ['owner', 'editor', 'viewer'] as const;
export type SpaceRole = (typeof spaceRoles)[number];
export const syncStatuses = ['never', 'running', 'ok', 'failed'] as const;
export type SyncStatus = (typeof syncStatuses)[number];

export interface SpacesTable {
  id: string;
  /** auth-svc's user id (the JWT `sub`) of whoever created the space. */
  owner_id: string;
  /** The owner's organization when the space was created: who `visibility: org` shares it with. */
  org_id: string | null;
  name: string;
  description: Generated<string>;
  /** Custom instructions chat-svc puts in the system prompt. */
  instructions: Generated<string>;
  default_mode: string | null;
  default_focus: string | null;
  visibility: Generated<Visibility>;
  /** Hosts chat-svc ranks first / never cites in answers asked in the space (bare, lower-case). */
  pinned_domains: ColumnType<string[], string[] | undefined, string[]>;
  blocked_domains: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SpaceMembersTable {
  space_id: string;
  user_id: string;
  /** As auth-svc gave it when the member was added; null for the owner (tokens carry no email). */
  email: string | null;
  role: SpaceRole;
  added_at: Timestamp;
}

export interface CollectionsTable {
  id: string;
  user_id: string;
  name: string;
  description: Generated<string>;
  /** 128 random bits, base64url; null when not shared. Unique. */
  share_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CollectionThreadsTable {
  collection_id: string;
  /** library-svc's thread id. */
  thread_id: string;
  position: number;
  added_at: Timestamp;
}

export interface ConnectorsTable {
  id: string;
  space_id: string;
  type: string;
  url: string;
  name: string;
  interval_minutes: number;
  enabled: Generated<boolean>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  sync_status: Generated<SyncStatus>;
  sync_started_at: NullableTimestamp;
  sync_finished_at: NullableTimestamp;
  sync_documents: Generated<number>;
  sync_skipped: Generated<number>;
  sync_error: string | null;
  sync_claim: string | null;
}

export interface ConnectorDocumentsTable {
  connector_id: string;
  source_key: string;
  url: string;
  name: string;
  synced_at: Timestamp;
}

export interface ProjectsDatabase {
  spaces: SpacesTable;
  space_members: SpaceMembersTable;
  collections: CollectionsTable;
  collection_threads: CollectionThreadsTable;
  connectors: ConnectorsTable;
  connector_documents: ConnectorDocumentsTable;
}

export type SpaceRow = Selectable<SpacesTable>;
export type MemberRow = Selectable<SpaceMembersTable>;
export type CollectionRow = Selectable<CollectionsTable>;
export type ConnectorRow = Selectable<ConnectorsTable>;
