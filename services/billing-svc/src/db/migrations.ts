import type { Migrations } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';

// Frozen once shipped: change the schema with a new, later-dated migration.
export const billingMigrations: Migrations = {
  '2026-11-30-billing': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('user', 'system')`))
        .addColumn('user_id', 'text', (col) => col.unique())
        .addColumn('balance', 'bigint', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        // The last line of defence: whatever the code does, a user's balance never goes negative.
        .addCheckConstraint('accounts_user_balance_not_negative', sql`kind <> 'user' or balance >= 0`)
        .addCheckConstraint('accounts_user_has_user_id', sql`(kind = 'user') = (user_id is not null)`)
        .execute();
      await sql`
        insert into accounts (id, kind) values
          ('system:purchases', 'system'), ('system:spend', 'system'), ('system:grants', 'system')
      `.execute(db);

      await db.schema
        .createTable('payments')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('plan_id', 'text', (col) => col.notNull())
        .addColumn('purpose', 'text', (col) =>
          col.notNull().check(sql`purpose in ('credits', 'subscription', 'renewal')`),
        )
        .addColumn('client_key', 'text', (col) => col.notNull())
        .addColumn('yookassa_id', 'text', (col) => col.unique())
        .addColumn('status', 'text', (col) =>
          col
            .notNull()
            .check(
              sql`status in ('creating', 'pending', 'waiting_for_capture', 'succeeded', 'canceled', 'failed')`,
            ),
        )
        .addColumn('amount_kopecks', 'bigint', (col) => col.notNull().check(sql`amount_kopecks > 0`))
        .addColumn('credits', 'bigint', (col) => col.notNull().check(sql`credits >= 0`))
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('receipt_email', 'text')
        .addColumn('confirmation_url', 'text')
        .addColumn('payment_method_id', 'text')
        .addColumn('subscription_id', 'uuid')
        .addColumn('failure_reason', 'text')
        .addColumn('refunded_kopecks', 'bigint', (col) => col.notNull().defaultTo(0))
        .addColumn('paid_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        // A retried create with the same key finds this row instead of making a second payment.
        .addUniqueConstraint('payments_user_client_key', ['user_id', 'client_key'])
        .addCheckConstraint(
          'payments_refund_within_amount',
          sql`refunded_kopecks between 0 and amount_kopecks`,
        )
        .execute();
      // Pending payments the reconcile sweep and a user's own list read.
      await sql`create index payments_user_recent on payments (user_id, created_at desc)`.execute(db);

      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull().unique())
        .addColumn('org_id', 'text')
        .addColumn('plan_id', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('active', 'ended')`))
        .addColumn('payment_method_id', 'text')
        .addColumn('receipt_email', 'text')
        // Milliseconds, as JavaScript holds them: a renewal names its period by the end's exact
        // value (job id, and the guard that the period did not move meanwhile).
        .addColumn('current_period_start', sql`timestamptz(3)`, (col) => col.notNull())
        .addColumn('current_period_end', sql`timestamptz(3)`, (col) => col.notNull())
        .addColumn('cancel_at_period_end', 'boolean', (col) => col.notNull().defaultTo(false))
        .addColumn('canceled_at', 'timestamptz')
        .addColumn('ended_at', 'timestamptz')
        .addColumn('ended_reason', 'text', (col) =>
          col.check(sql`ended_reason in ('canceled', 'renewal_failed', 'no_saved_method', 'refunded')`),
        )
        .addColumn('last_payment_id', 'uuid')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      // What the renewal sweep reads: active subscriptions whose period has ended.
      await sql`create index subscriptions_due on subscriptions (current_period_end) where status = 'active'`.execute(
        db,
      );

      await db.schema
        .createTable('refunds')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('payment_id', 'uuid', (col) => col.notNull().references('payments.id'))
        .addColumn('client_key', 'text', (col) => col.notNull())
        .addColumn('yookassa_id', 'text', (col) => col.unique())
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('creating', 'pending', 'succeeded', 'canceled', 'failed')`),
        )
        .addColumn('amount_kopecks', 'bigint', (col) => col.notNull().check(sql`amount_kopecks > 0`))
        .addColumn('credits_reversed', 'bigint')
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('failure_reason', 'text')
        .addColumn('created_by', 'text', (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('refunds_admin_client_key', ['created_by', 'client_key'])
        .execute();
      await sql`create index refunds_payment on refunds (payment_id)`.execute(db);

      await db.schema
        .createTable('ledger_transactions')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) =>
          col.notNull().check(sql`kind in ('payment', 'spend', 'refund', 'grant')`),
        )
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('amount', 'bigint', (col) => col.notNull().check(sql`amount > 0`))
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('payment_id', 'uuid', (col) => col.references('payments.id'))
        .addColumn('refund_id', 'uuid', (col) => col.references('refunds.id'))
        .addColumn('idempotency_key', 'text')
        .addColumn('created_by', 'text', (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addCheckConstraint(
          'ledger_transactions_reference',
          sql`(kind = 'payment') = (payment_id is not null)
            and (kind = 'refund') = (refund_id is not null)
            and (kind in ('spend', 'grant')) = (idempotency_key is not null)`,
        )
        .execute();
      // A payment credits once, a refund reverses once, a spend or grant with the same key moves once:
      // a duplicated webhook or a retried call meets these and changes nothing.
      await sql`create unique index ledger_transactions_payment on ledger_transactions (payment_id) where kind = 'payment'`.execute(
        db,
      );
      await sql`create unique index ledger_transactions_refund on ledger_transactions (refund_id) where kind = 'refund'`.execute(
        db,
      );
      await sql`create unique index ledger_transactions_key on ledger_transactions (kind, user_id, idempotency_key) where idempotency_key is not null`.execute(
        db,
      );

      await db.schema
        .createTable('ledger_entries')
        .addColumn('id', 'bigserial', (col) => col.primaryKey())
        .addColumn('transaction_id', 'uuid', (col) => col.notNull().references('ledger_transactions.id'))
        .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id'))
        .addColumn('amount', 'bigint', (col) => col.notNull().check(sql`amount <> 0`))
        .addColumn('balance_after', 'bigint')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      // A user's ledger, newest first (the id is the cursor).
      await sql`create index ledger_entries_account on ledger_entries (account_id, id desc)`.execute(db);
      await sql`create index ledger_entries_transaction on ledger_entries (transaction_id)`.execute(db);

      // Double entry, enforced by Postgres: at commit, every transaction touched must sum to zero.
      await sql`
        create function ledger_transaction_balanced() returns trigger language plpgsql as $$
        begin
          if (select coalesce(sum(amount), 0) from ledger_entries where transaction_id = new.transaction_id) <> 0 then
            raise exception 'ledger transaction % does not sum to zero', new.transaction_id
              using errcode = 'check_violation';
          end if;
          return null;
        end $$`.execute(db);
      await sql`
        create constraint trigger ledger_entries_balanced after insert on ledger_entries
        deferrable initially deferred for each row execute function ledger_transaction_balanced()`.execute(
        db,
      );
      // The ledger is history: corrections are new transactions, never edits.
      await sql`
        create function ledger_append_only() returns trigger language plpgsql as $$
        begin
          raise exception '% is append-only: % is not allowed', tg_table_name, tg_op;
        end $$`.execute(db);
      for (const table of ['ledger_transactions', 'ledger_entries']) {
        await sql`
          create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
          for each row execute function ledger_append_only()`.execute(db);
      }
    },
  },
  '2026-11-30-usage': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema (Kysely docs)
    async up(db: Kysely<any>) {
      // One row per metered use: the caller's key makes a retried call count once.
      await db.schema
        .createTable('usage_events')
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('metric', 'text', (col) => col.notNull())
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('org_id', 'text')
        .addColumn('day', 'date', (col) => col.notNull())
        .addColumn('source', 'text', (col) => col.notNull().check(sql`source in ('quota', 'credits')`))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('usage_events_pkey', ['user_id', 'metric', 'key'])
        .execute();
      await sql`create index usage_events_org_day on usage_events (org_id, day) where org_id is not null`.execute(
        db,
      );
      // The day's count per user and metric: the row a quota check locks.
      await db.schema
        .createTable('usage_daily')
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('metric', 'text', (col) => col.notNull())
        .addColumn('day', 'date', (col) => col.notNull())
        .addColumn('count', 'integer', (col) => col.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('usage_daily_pkey', ['user_id', 'metric', 'day'])
        .execute();
    },
  },
};
