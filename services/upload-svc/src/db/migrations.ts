import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const uploadMigrations: Migrations = {
  '2026-11-30-files-and-chunks': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('files')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('owner_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('space_id', 'text')
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('media_type', 'text', (col) => col.notNull())
        .addColumn('size', 'bigint', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('object_key', 'text', (col) => col.notNull().unique())
        .addColumn('status', 'text', (col) =>
          col.notNull().defaultTo('queued').check(sql`status in ('queued', 'processing', 'ready', 'failed')`),
        )
        .addColumn('error', 'text')
        .addColumn('pages', 'integer')
        .addColumn('chunk_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('truncated', 'boolean', (col) => col.notNull().defaultTo(false))
        .addColumn('source', 'text', (col) => col.notNull().defaultTo('upload'))
        .addColumn('source_key', 'text')
        .addColumn('source_url', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('files_owner').on('files').columns(['owner_id', 'created_at']).execute();
      await db.schema
        .createIndex('files_space')
        .on('files')
        .columns(['space_id', 'created_at'])
        .where(sql.ref('space_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('files_source_key')
        .on('files')
        .columns(['space_id', 'source_key'])
        .unique()
        .where(sql.ref('source_key'), 'is not', null)
        .execute();

      await db.schema
        .createTable('chunks')
        .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('file_id', 'uuid', (col) => col.notNull().references('files.id').onDelete('cascade'))
        .addColumn('chunk_index', 'integer', (col) => col.notNull())
        .addColumn('page', 'integer')
        .addColumn('text', 'text', (col) => col.notNull())
        // 'english' stems (revenue ≈ revenues); a chunk is small, far under the 1 MB tsvector cap.
        .addColumn('search', sql`tsvector`, (col) =>
          col.generatedAlwaysAs(sql`to_tsvector('english', text)`).stored(),
        )
        .addColumn('embedding', 'bytea')
        .addColumn('embedding_scale', 'real')
        .addColumn('embedding_model', 'text')
        .execute();
      await db.schema.createIndex('chunks_file').on('chunks').columns(['file_id', 'chunk_index']).execute();
      await db.schema.createIndex('chunks_search').on('chunks').using('gin').column('search').execute();

      await db.schema
        .createTable('scope_versions')
        .addColumn('scope', 'text', (col) => col.primaryKey())
        .addColumn('version', 'bigint', (col) => col.notNull().defaultTo(0))
        .execute();
    },
  },
  '2026-12-01-chunk-scope': {
    // A chunk carries its file's owner (null for a connector's documents, which belong to the space
    // alone) and space, so a search filters chunks alone. Joined to
    // files instead, the planner (which cannot know how many files a user has) ran the full-text
    // index scan once per file.
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('chunks')
        .addColumn('owner_id', 'text')
        .addColumn('space_id', 'text')
        .execute();
      await sql`update chunks c set owner_id = case when f.source = 'upload' then f.owner_id end, space_id = f.space_id from files f where f.id = c.file_id`.execute(
        db,
      );
      await db.schema.createIndex('chunks_owner').on('chunks').column('owner_id').execute();
      await db.schema
        .createIndex('chunks_space')
        .on('chunks')
        .column('space_id')
        .where(sql.ref('space_id'), 'is not', null)
        .execute();
    },
  },
};
