import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const projectsMigrations: Migrations = {
  '2026-11-30-spaces-collections-connectors': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('spaces')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('owner_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('instructions', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('default_mode', 'text')
        .addColumn('default_focus', 'text')
        .addColumn('visibility', 'text', (col) =>
          col.notNull().defaultTo('private').check(sql`visibility in ('private', 'org')`),
        )
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      // Spaces an organization sees: the list query's second half.
      await sql`create index spaces_org_visible on spaces (org_id) where visibility = 'org'`.execute(db);

      // The owner is a member too (role 'owner'), so "what may this user do here" is one lookup.
      await db.schema
        .createTable('space_members')
        .addColumn('space_id', 'uuid', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('email', 'text')
        .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('owner', 'editor', 'viewer')`))
        .addColumn('added_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('space_members_pk', ['space_id', 'user_id'])
        .execute();
      await sql`create index space_members_user on space_members (user_id)`.execute(db);

      await db.schema
        .createTable('collections')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('share_id', 'text', (col) => col.unique())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create index collections_user_recent on collections (user_id, updated_at desc, id desc)`.execute(
        db,
      );

      await db.schema
        .createTable('collection_threads')
        .addColumn('collection_id', 'uuid', (col) =>
          col.notNull().references('collections.id').onDelete('cascade'),
        )
        .addColumn('thread_id', 'uuid', (col) => col.notNull())
        .addColumn('position', 'integer', (col) => col.notNull())
        .addColumn('added_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('collection_threads_pk', ['collection_id', 'thread_id'])
        .execute();

      await db.schema
        .createTable('connectors')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('space_id', 'uuid', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('url', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('interval_minutes', 'integer', (col) => col.notNull())
        .addColumn('enabled', 'boolean', (col) => col.notNull().defaultTo(true))
        .addColumn('created_by', 'text', (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('sync_status', 'text', (col) =>
          col.notNull().defaultTo('never').check(sql`sync_status in ('never', 'running', 'ok', 'failed')`),
        )
        .addColumn('sync_started_at', 'timestamptz')
        .addColumn('sync_finished_at', 'timestamptz')
        .addColumn('sync_documents', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('sync_skipped', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('sync_error', 'text')
        // The job holding the sync: a retried or stalled job may take its own claim back.
        .addColumn('sync_claim', 'text')
        .execute();
      await sql`create index connectors_space on connectors (space_id, created_at)`.execute(db);

      // What each connector last pushed to upload-svc, so a document gone from the source is removed.
      await db.schema
        .createTable('connector_documents')
        .addColumn('connector_id', 'uuid', (col) =>
          col.notNull().references('connectors.id').onDelete('cascade'),
        )
        .addColumn('source_key', 'text', (col) => col.notNull())
        .addColumn('url', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('synced_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('connector_documents_pk', ['connector_id', 'source_key'])
        .execute();
    },
  },
  '2026-11-30T17-space-domain-preferences': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('spaces')
        .addColumn('pinned_domains', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
        .addColumn('blocked_domains', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
        .execute();
    },
  },
};
