import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const searchMigrations: Migrations = {
  '2026-12-01-local-documents': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('local_documents')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('url', 'text', (col) => col.notNull().unique())
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('content', 'text', (col) => col.notNull())
        .addColumn('content_hash', 'text', (col) => col.notNull().unique())
        .addColumn('ingested_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        // Title words weigh more than body words in ts_rank. 'english' stems (search ≈ searching); only the first 400k characters are indexed because a tsvector is capped at 1 MB.
        .addColumn('search', sql`tsvector`, (col) =>
          col
            .generatedAlwaysAs(
              sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', left(content, 400000)), 'B')`,
            )
            .stored(),
        )
        .execute();
      await db.schema
        .createIndex('local_documents_search')
        .on('local_documents')
        .using('gin')
        .column('search')
        .execute();
    },
  },
};
