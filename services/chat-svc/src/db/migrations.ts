import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const chatMigrations: Migrations = {
  '2026-11-30-tasks': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tasks')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('task', 'reminder')`))
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('query', 'text')
        .addColumn('message', 'text')
        .addColumn('mode', 'text', (col) => col.notNull())
        .addColumn('focus', 'text', (col) => col.notNull())
        .addColumn('space_id', 'uuid')
        .addColumn('schedule', 'jsonb', (col) => col.notNull())
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('active', 'paused', 'done')`),
        )
        .addColumn('next_run_at', 'timestamptz')
        .addColumn('last_run_at', 'timestamptz')
        .addColumn('last_run_status', 'text')
        .addColumn('last_thread_id', 'uuid')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addCheckConstraint('tasks_kind_text', sql`(kind = 'task') = (query is not null)`)
        .execute();
      await sql`create index tasks_user_recent on tasks (user_id, created_at desc, id desc)`.execute(db);

      await db.schema
        .createTable('task_runs')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('task_id', 'uuid', (col) => col.notNull().references('tasks.id').onDelete('cascade'))
        .addColumn('job_id', 'text', (col) => col.notNull())
        .addColumn('trigger', 'text', (col) => col.notNull().check(sql`trigger in ('schedule', 'manual')`))
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('running', 'answered', 'succeeded', 'failed')`),
        )
        .addColumn('thread_id', 'uuid')
        .addColumn('excerpt', 'text')
        .addColumn('error', 'text')
        .addColumn('started_at', 'timestamptz', (col) =>
          // Milliseconds, as JavaScript dates hold them: the paging cursor compares them exactly.
          col.notNull().defaultTo(sql`date_trunc('milliseconds', now())`),
        )
        .addColumn('finished_at', 'timestamptz')
        .addUniqueConstraint('task_runs_job', ['task_id', 'job_id'])
        .execute();
      await sql`create index task_runs_recent on task_runs (task_id, started_at desc, id desc)`.execute(db);
    },
  },
  '2026-11-30T16-webhooks': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('url', 'text', (col) => col.notNull())
        .addColumn('events', 'jsonb', (col) => col.notNull())
        .addColumn('description', 'text')
        // The signing key itself: it must be readable to sign with (Standard Webhooks is HMAC).
        .addColumn('secret', 'text', (col) => col.notNull())
        .addColumn('active', 'boolean', (col) => col.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create index webhooks_user_recent on webhooks (user_id, created_at desc, id desc)`.execute(
        db,
      );

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('webhook_id', 'uuid', (col) => col.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('event', 'text', (col) => col.notNull())
        // What happened (a task run, an answer): one delivery per webhook and happening.
        .addColumn('event_key', 'text', (col) => col.notNull())
        // The exact JSON sent, so every attempt signs and sends the same bytes.
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('pending', 'retrying', 'delivered', 'failed')`),
        )
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('response_status', 'integer')
        .addColumn('response_excerpt', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', 'timestamptz', (col) =>
          col.notNull().defaultTo(sql`date_trunc('milliseconds', now())`),
        )
        .addColumn('last_attempt_at', 'timestamptz')
        .addColumn('finished_at', 'timestamptz')
        .addUniqueConstraint('webhook_deliveries_event', ['webhook_id', 'event_key'])
        .execute();
      await sql`create index webhook_deliveries_recent on webhook_deliveries (webhook_id, created_at desc, id desc)`.execute(
        db,
      );
    },
  },
  '2026-11-30T17-source-reputation': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('source_reputation')
        .addColumn('domain', 'text', (col) => col.primaryKey())
        .addColumn('tier', 'text', (col) =>
          col.notNull().check(sql`tier in ('primary', 'reputable', 'unknown', 'low')`),
        )
        .addColumn('score', 'real', (col) => col.notNull().check(sql`score >= 0 and score <= 1`))
        .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('updated_by', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};
