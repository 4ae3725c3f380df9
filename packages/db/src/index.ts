export { type Kysely, sql } from 'kysely';
export { createDatabase, type Database, type DatabaseConfig } from './database.ts';
export { type Migrations, migrateToLatest } from './migrate.ts';
