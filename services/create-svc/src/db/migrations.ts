import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const createMigrations: Migrations = {
  '2026-11-30-artifacts': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('artifacts')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('table', 'dashboard', 'image')`))
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('pending', 'ready', 'failed')`),
        )
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('content', 'jsonb', (col) => col.notNull())
        .addColumn('origin', 'jsonb', (col) => col.notNull())
        .addColumn('object_key', 'text')
        .addColumn('content_type', 'text')
        .addColumn('byte_size', 'integer')
        .addColumn('error', 'jsonb')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      // The list: one user's artifacts newest first, all kinds or one kind, keyset-paged.
      await sql`create index artifacts_user_recent on artifacts (user_id, created_at desc, id desc)`.execute(
        db,
      );
      await sql`create index artifacts_user_kind_recent on artifacts (user_id, kind, created_at desc, id desc)`.execute(
        db,
      );
    },
  },
};
