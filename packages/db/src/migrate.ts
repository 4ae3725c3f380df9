import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResult, Migrator } from 'kysely/migration';

/**
 * A service's migrations, keyed by an ISO-dated name ("2026-11-22-users") so they sort in the
 * order they were written. Each one is frozen once it has shipped: change the schema with a new one.
 */
export type Migrations = Record<string, Migration>;

class InlineMigrationProvider implements MigrationProvider {
  readonly #migrations: Migrations;
  constructor(migrations: Migrations) {
    this.#migrations = migrations;
  }
  async getMigrations() {
    return this.#migrations;
  }
}

/**
 * Creates the schema if needed, then applies pending migrations. Safe when several replicas start
 * at once: Kysely's Postgres adapter holds an advisory lock for the run, and the schema creation
 * is serialised by one of our own.
 */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against any service's database type
  db: Kysely<any>,
  schema: string,
  migrations: Migrations,
): Promise<string[]> {
  const lockKey = `perplexica-schema:${schema}`;
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
  });
  const migrator = new Migrator({
    db,
    provider: new InlineMigrationProvider(migrations),
    migrationTableSchema: schema,
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its migration table by listing the tables of every schema; a schema that
  // another service (or test) drops meanwhile makes that listing fail. Nothing of ours ran, so
  // looking again is safe.
  for (let attempt = 0; error && isVanishedSchema(error, schema) && attempt < 3; attempt++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((result: MigrationResult) => result.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? '(unknown)'} failed in schema ${schema}`, { cause: error });
  }
  return (results ?? [])
    .filter((result: MigrationResult) => result.status === 'Success')
    .map((result: MigrationResult) => result.migrationName);
}

/** Postgres' "schema does not exist" (3F000) about a schema that is not the one being migrated. */
function isVanishedSchema(error: unknown, ours: string): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '3F000' && !message?.includes(`"${ours}"`);
}
