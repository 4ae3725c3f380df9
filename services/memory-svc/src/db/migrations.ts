import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const memoryMigrations: Migrations = {
  '2026-11-28-memories-and-settings': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('memories')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('scope', 'text', (col) => col.notNull().check(sql`scope in ('personal', 'org')`))
        .addColumn('owner_id', 'text', (col) => col.notNull())
        .addColumn('created_by', 'text', (col) => col.notNull())
        .addColumn('source', 'text', (col) => col.notNull().check(sql`source in ('user', 'extracted')`))
        .addColumn('thread_id', 'uuid')
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('normalized', 'text', (col) => col.notNull())
        .addColumn('embedding', 'bytea')
        .addColumn('embedding_scale', 'double precision')
        .addColumn('embedding_model', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        // The same memory said twice (case and spacing aside) is one row.
        .addUniqueConstraint('memories_owner_normalized', ['scope', 'owner_id', 'normalized'])
        .execute();
      // The list and the recall candidates: one owner's memories, newest first.
      await sql`create index memories_owner_recent on memories (scope, owner_id, created_at desc, id desc)`.execute(
        db,
      );

      await db.schema
        .createTable('user_settings')
        .addColumn('user_id', 'text', (col) => col.primaryKey())
        .addColumn('enabled', 'boolean', (col) => col.notNull())
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();

      await db.schema
        .createTable('org_settings')
        .addColumn('org_id', 'text', (col) => col.primaryKey())
        .addColumn('default_enabled', 'boolean', (col) => col.notNull())
        .addColumn('updated_by', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};
