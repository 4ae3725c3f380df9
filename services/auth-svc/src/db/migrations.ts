import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const authMigrations: Migrations = {
  '2026-11-22-identity': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('orgs')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();

      await db.schema
        .createTable('org_domains')
        .addColumn('domain', 'text', (col) => col.primaryKey())
        .addColumn('org_id', 'uuid', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('verification_token', 'text', (col) => col.notNull())
        .addColumn('verified_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();

      await db.schema
        .createTable('org_sso')
        .addColumn('org_id', 'uuid', (col) => col.primaryKey().references('orgs.id').onDelete('cascade'))
        .addColumn('issuer', 'text', (col) => col.notNull())
        .addColumn('client_id', 'text', (col) => col.notNull())
        .addColumn('client_secret', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (col) =>
          col.notNull().defaultTo('user').check(sql`role in ('user', 'admin')`),
        )
        .addColumn('org_id', 'uuid', (col) => col.references('orgs.id').onDelete('set null'))
        .addColumn('org_role', 'text', (col) => col.check(sql`org_role in ('owner', 'member')`))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('last_login_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('users_org_id').on('users').column('org_id').execute();

      await db.schema
        .createTable('user_identities')
        .addColumn('issuer', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('user_agent', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('revoked_at', 'timestamptz')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('session_id', 'uuid', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (col) => col.notNull().unique())
        .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('used_at', 'timestamptz')
        .execute();
      await db.schema
        .createIndex('refresh_tokens_session_id')
        .on('refresh_tokens')
        .column('session_id')
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('display_prefix', 'text', (col) => col.notNull())
        .addColumn('key_hash', 'text', (col) => col.notNull().unique())
        .addColumn('scopes', sql`text[]`, (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz')
        .addColumn('last_used_at', 'timestamptz')
        .addColumn('revoked_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('api_keys_user_id').on('api_keys').column('user_id').execute();
    },
  },
};
