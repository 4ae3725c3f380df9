import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';

export interface DatabaseConfig {
  url: string;
  /** The service's own Postgres schema; every unqualified table name resolves inside it. */
  schema: string;
  poolMax?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
  /** Extra run-time settings for every connection (e.g. plan_cache_mode). */
  settings?: Record<string, string>;
}

export interface Database<DB> {
  db: Kysely<DB>;
  sql: postgres.Sql;
  schema: string;
  /** Resolves when Postgres answers a trivial query; used by /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

export function createDatabase<DB>(config: DatabaseConfig): Database<DB> {
  if (!schemaName.test(config.schema)) throw new Error(`Invalid schema name: ${config.schema}`);
  const sql = postgres(config.url, {
    max: config.poolMax ?? 10,
    idle_timeout: 30,
    connect_timeout: 5,
    // search_path as a startup parameter: every pooled connection, including reconnects after an
    // outage, lands in the service's schema without a per-query SET.
    connection: {
      ...config.settings,
      search_path: config.schema,
      application_name: config.applicationName ?? config.schema,
    },
    onnotice: () => {},
  });
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  return {
    db,
    sql,
    schema: config.schema,
    async ping() {
      await sql`select 1`;
    },
    async close() {
      await db.destroy();
    },
  };
}
