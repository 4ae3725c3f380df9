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
  '2026-11-30T16-custom-topics': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      // A user's own topic: its sources are short lists read and written whole, so arrays.
      await db.schema
        .createTable('custom_topics')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('label', 'text', (col) => col.notNull())
        .addColumn('feeds', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
        .addColumn('keywords', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
        .addColumn('sites', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('custom_topics_user_created')
        .on('custom_topics')
        .columns(['user_id', 'created_at'])
        .execute();
    },
  },
};
