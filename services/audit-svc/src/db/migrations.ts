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
  '2026-11-30-org-settings': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      // An org's audit policy; events themselves stay append-only, this row is just a setting.
      await db.schema
        .createTable('org_settings')
        .addColumn('org_id', 'text', (col) => col.primaryKey())
        .addColumn('record_question_text', 'boolean', (col) => col.notNull().defaultTo(false))
        .addColumn('updated_by', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '2026-11-30-partitioned-events': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      // Events move to a table partitioned by month of storage, so retention drops whole old
      // partitions and never deletes a row. The clock is the database's at insert (taken after the
      // org's chain head is locked), so within an org a later seq is never stored earlier.
      await sql`alter table audit_events rename to audit_events_unpartitioned`.execute(db);
      await sql`alter index audit_events_pkey rename to audit_events_unpartitioned_pkey`.execute(db);
      await sql`alter index audit_events_org_time rename to audit_events_unpartitioned_org_time`.execute(db);
      await sql`
        create table audit_events (
          org_key text not null,
          seq bigint not null,
          event_id uuid not null,
          service text not null,
          time timestamptz not null,
          actor_type text not null,
          actor_id text not null,
          org_id text,
          action text not null,
          target_type text,
          target_id text,
          outcome text not null,
          ip text,
          user_agent text,
          request_id text,
          details jsonb not null,
          prev_hash text not null,
          hash text not null,
          stored_at timestamptz not null default clock_timestamp(),
          primary key (org_key, seq, stored_at)
        ) partition by range (stored_at)`.execute(db);
      await sql`create index audit_events_org_time on audit_events (org_key, time desc, seq desc)`.execute(
        db,
      );
      // Rows outside every monthly partition (only if maintenance stopped for months) land here.
      await sql`create table audit_events_default partition of audit_events default`.execute(db);
      // An event id is stored once across all partitions (a partitioned table cannot hold a
      // unique index without the partition key).
      await sql`create table audit_event_ids (event_id uuid primary key, stored_at timestamptz not null)`.execute(
        db,
      );
      await sql`create index audit_event_ids_stored on audit_event_ids (stored_at)`.execute(db);
      // Where each org's retained chain starts: the last link retention dropped.
      await sql`
        create table audit_chain_anchors (
          org_key text primary key,
          seq bigint not null,
          hash text not null,
          dropped_before timestamptz not null
        )`.execute(db);

      const span = await sql<{ first: Date | null }>`
        select date_trunc('month', min(stored_at) at time zone 'UTC') as first from audit_events_unpartitioned`.execute(
        db,
      );
      const now = new Date();
      let month = span.rows[0]?.first ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
      const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
      while (month <= last) {
        const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
        const name = `audit_events_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
        await sql`create table ${sql.id(name)} partition of audit_events
          for values from (${sql.lit(month.toISOString())}) to (${sql.lit(next.toISOString())})`.execute(db);
        month = next;
      }
      await sql`insert into audit_events select org_key, seq, event_id, service, time, actor_type, actor_id,
        org_id, action, target_type, target_id, outcome, ip, user_agent, request_id, details, prev_hash, hash,
        stored_at from audit_events_unpartitioned`.execute(db);
      await sql`insert into audit_event_ids select event_id, stored_at from audit_events_unpartitioned`.execute(
        db,
      );
      await sql`drop table audit_events_unpartitioned`.execute(db);

      // Append-only as before: no UPDATE or DELETE of a row, no TRUNCATE of the table. Row
      // triggers reach every partition; TRUNCATE triggers do not, so each partition gets its own
      // (the service adds it to the partitions it creates later).
      await sql`
        create trigger audit_events_append_only before update or delete on audit_events
        for each row execute function audit_events_append_only()`.execute(db);
      const partitions = await sql<{ name: string }>`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'audit_events'::regclass`.execute(db);
      for (const table of ['audit_events', ...partitions.rows.map((row) => row.name)]) {
        await sql`create trigger audit_events_no_truncate before truncate on ${sql.id(table)}
          for each statement execute function audit_events_append_only()`.execute(db);
      }
    },
  },
};
