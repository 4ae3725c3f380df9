import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const auditMigrations: Migrations = {
  '2026-11-30-audit-events': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      // One hash chain per org: org_key is the org id, or '-' for events outside any org.
      await db.schema
        .createTable('audit_events')
        .addColumn('org_key', 'text', (col) => col.notNull())
        .addColumn('seq', 'bigint', (col) => col.notNull())
        .addColumn('event_id', 'uuid', (col) => col.notNull().unique())
        .addColumn('service', 'text', (col) => col.notNull())
        .addColumn('time', 'timestamptz', (col) => col.notNull())
        .addColumn('actor_type', 'text', (col) => col.notNull())
        .addColumn('actor_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('request_id', 'text')
        .addColumn('details', 'jsonb', (col) => col.notNull())
        .addColumn('prev_hash', 'text', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('stored_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('audit_events_pkey', ['org_key', 'seq'])
        .execute();
      // The admin list reads one org newest first; its cursor is (time, seq).
      await db.schema
        .createIndex('audit_events_org_time')
        .on('audit_events')
        .columns(['org_key', 'time desc', 'seq desc'])
        .execute();
      // Where each org's chain ends; locked FOR UPDATE by every append, so appends never fork it.
      await db.schema
        .createTable('audit_chain_heads')
        .addColumn('org_key', 'text', (col) => col.primaryKey())
        .addColumn('seq', 'bigint', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .execute();
      // Append-only in the database too, not only in our code: an UPDATE or DELETE of a stored
      // event fails whoever sends it. (Tampering then needs the table owner to drop the trigger,
      // which the hash chain still reveals.)
      await sql`
        create function audit_events_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_events is append-only: % is not allowed', tg_op;
        end $$`.execute(db);
      await sql`
        create trigger audit_events_append_only before update or delete on audit_events
        for each row execute function audit_events_append_only()`.execute(db);
      await sql`
        create trigger audit_events_no_truncate before truncate on audit_events
        for each statement execute function audit_events_append_only()`.execute(db);
    },
  },
};
