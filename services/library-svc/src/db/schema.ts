import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;
// jsonb: written through message-repository's jsonb() (JSON text cast by Postgres), read as parsed JSON.
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface ThreadsTable {
  id: string;
  /** auth-svc's user id (the JWT `sub`). */
  user_id: string;
  org_id: string | null;
  title: string;
  space_id: string | null;
  mode: string;
  focus: string;
  saved: Generated<boolean>;
  /** 128 random bits, base64url; null when not shared. Unique. */
  share_id: string | null;
  created_at: Timestamp;
  /** Last question/answer activity: what the library is ordered by. */
  updated_at: Timestamp;
  /** Generated from the title; never written. */
  search: ColumnType<string, never, never>;
}

export interface MessagesTable {
  id: string;
  thread_id: string;
  user_id: string;
  /** Insertion order across the whole table, so a thread's history sorts by it. Never written. */
  position: ColumnType<string, never, never>;
  query: string;
  answer: string;
  sources: Json<unknown[]>;
  related: Json<string[]>;
  mode: string;
  focus: string;
  model: string | null;
  status: string;
  error: NullableJson<unknown>;
  usage: NullableJson<unknown>;
  timings: NullableJson<unknown>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Generated from query + answer; never written. */
  search: ColumnType<string, never, never>;
}

export interface LibraryDatabase {
  threads: ThreadsTable;
  messages: MessagesTable;
}

export type ThreadRow = Omit<Selectable<ThreadsTable>, 'search'>;
export type MessageRow = Omit<Selectable<MessagesTable>, 'search' | 'position'>;
