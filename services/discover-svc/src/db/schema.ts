import type { ColumnType } from 'kysely';

export interface FollowedTopicsTable {
  /** auth-svc's user id (the JWT `sub`). */
  user_id: string;
  /** A DISCOVER_TOPICS id. */
  topic_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface DiscoverDatabase {
  followed_topics: FollowedTopicsTable;
}
