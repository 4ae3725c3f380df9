import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const libraryMigrations: Migrations = {
  '2026-11-23-threads-and-messages': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('threads')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('space_id', 'text')
        .addColumn('mode', 'text', (col) => col.notNull())
        .addColumn('focus', 'text', (col) => col.notNull())
        .addColumn('saved', 'boolean', (col) => col.notNull().defaultTo(false))
        .addColumn('share_id', 'text', (col) => col.unique())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        // 'simple' (no stemming, no stop words) so search works the same for every language.
        .addColumn('search', sql`tsvector`, (col) =>
          col.generatedAlwaysAs(sql`to_tsvector('simple', title)`).stored(),
        )
        .execute();
      // The library list: one user's threads, newest activity first, keyset-paged on (updated_at, id).
      await sql`create index threads_user_recent on threads (user_id, updated_at desc, id desc)`.execute(db);
      await sql`create index threads_user_saved_recent on threads (user_id, updated_at desc, id desc) where saved`.execute(
        db,
      );
      await sql`create index threads_search on threads using gin (search)`.execute(db);

      await db.schema
        .createTable('messages')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('thread_id', 'uuid', (col) => col.notNull().references('threads.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('position', 'bigint', (col) => col.notNull().generatedAlwaysAsIdentity())
        .addColumn('query', 'text', (col) => col.notNull())
        .addColumn('answer', 'text', (col) => col.notNull())
        .addColumn('sources', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('related', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('mode', 'text', (col) => col.notNull())
        .addColumn('focus', 'text', (col) => col.notNull())
        .addColumn('model', 'text')
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('streaming', 'complete', 'incomplete', 'failed')`),
        )
        .addColumn('error', 'jsonb')
        .addColumn('usage', 'jsonb')
        .addColumn('timings', 'jsonb')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('search', sql`tsvector`, (col) =>
          col.generatedAlwaysAs(sql`to_tsvector('simple', query || ' ' || answer)`).stored(),
        )
        .execute();
      await sql`create index messages_thread_order on messages (thread_id, position)`.execute(db);
      await sql`create index messages_search on messages using gin (search)`.execute(db);
    },
  },
};
