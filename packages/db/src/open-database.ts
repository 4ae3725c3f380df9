import { createDatabase, type Database } from './database.ts';
import { type Migrations, migrateToLatest } from './migrate.ts';

export interface OpenDatabaseOptions {
  /** The service's name, shown in pg_stat_activity. */
  service: string;
  config: { POSTGRES_URL: string; POSTGRES_POOL_MAX: number; DB_SCHEMA: string };
  migrations: Migrations;
  /** pino-compatible: told which migrations were applied, if any. */
  logger: { info(details: object, message: string): void };
  /** Extra run-time settings for every connection. */
  settings?: Record<string, string>;
}

/** What every service's main.ts does first: connect to its schema and bring it up to date. */
export async function openDatabase<DB>(options: OpenDatabaseOptions): Promise<Database<DB>> {
  const { config } = options;
  const database = createDatabase<DB>({
    url: config.POSTGRES_URL,
    schema: config.DB_SCHEMA,
    poolMax: config.POSTGRES_POOL_MAX,
    applicationName: options.service,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const applied = await migrateToLatest(database.db, config.DB_SCHEMA, options.migrations);
  if (applied.length > 0) options.logger.info({ applied }, 'migrations applied');
  return database;
}
