import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const notificationsMigrations: Migrations = {
  '2026-11-30-notifications': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('event_id', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) =>
          col.notNull().check(sql`kind in ('task_result', 'reminder', 'billing', 'security')`),
        )
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('url', 'text')
        .addColumn('in_app', 'boolean', (col) => col.notNull())
        .addColumn('send_push', 'boolean', (col) => col.notNull())
        .addColumn('send_email', 'boolean', (col) => col.notNull())
        .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('read_at', 'timestamptz')
        .addColumn('deleted_at', 'timestamptz')
        .addColumn('dispatched_at', 'timestamptz')
        // The idempotency key: one event of one user is one notification, however often it is sent.
        .addUniqueConstraint('notifications_user_event', ['user_id', 'event_id'])
        .execute();
      // The inbox: one user's visible notifications, newest first (the cursor is (created_at, id)).
      await sql`create index notifications_inbox on notifications (user_id, created_at desc, id desc)
        where in_app and deleted_at is null`.execute(db);
      await sql`create index notifications_unread on notifications (user_id)
        where in_app and deleted_at is null and read_at is null`.execute(db);

      await db.schema
        .createTable('push_subscriptions')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('endpoint', 'text', (col) => col.notNull())
        .addColumn('p256dh', 'text', (col) => col.notNull())
        .addColumn('auth', 'text', (col) => col.notNull())
        .addColumn('user_agent', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        // Per user: two accounts signed in on one browser each keep their own subscription row.
        .addUniqueConstraint('push_subscriptions_user_endpoint', ['user_id', 'endpoint'])
        .execute();

      await db.schema
        .createTable('preferences')
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('in_app', 'boolean', (col) => col.notNull())
        .addColumn('push', 'boolean', (col) => col.notNull())
        .addColumn('email', 'boolean', (col) => col.notNull())
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('preferences_pkey', ['user_id', 'kind'])
        .execute();

      await db.schema
        .createTable('deliveries')
        .addColumn('notification_id', 'uuid', (col) =>
          col.notNull().references('notifications.id').onDelete('cascade'),
        )
        .addColumn('channel', 'text', (col) => col.notNull().check(sql`channel in ('push', 'email')`))
        .addColumn('target', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('pending', 'sent', 'gone', 'failed')`),
        )
        .addColumn('tries', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('deliveries_pkey', ['notification_id', 'channel', 'target'])
        .execute();
    },
  },
};
