import type { ColumnType } from 'kysely';

export interface FollowedTopicsTable {
  /** auth-svc's user id (the JWT `sub`). */
  user_id: string;
  /** A DISCOVER_TOPICS id. */
  topic_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface CustomTopicsTable {
  id: ColumnType<string, string | undefined, never>;
  /** auth-svc's user id (the JWT `sub`): the only one who sees it. */
  user_id: ColumnType<string, string, never>;
  label: string;
  /** RSS/Atom feed URLs, fetched through search-svc. */
  feeds: string[];
  /** News searches. */
  keywords: string[];
  /** Hosts searched as `<label> site:<host>`. */
  sites: string[];
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface DiscoverDatabase {
  followed_topics: FollowedTopicsTable;
  custom_topics: CustomTopicsTable;
}
