import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const discoverMigrations: Migrations = {
  '2026-11-30-followed-topics': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      // Topic ids are not a foreign key: topics live in config, and a follow of a topic an operator
      // removes is simply ignored (and comes back to life if the topic does).
      await db.schema
        .createTable('followed_topics')
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('topic_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('followed_topics_pkey', ['user_id', 'topic_id'])
        .execute();
    },
  },
};
