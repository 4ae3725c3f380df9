export { type Kysely, sql } from 'kysely';
export { createDatabase, type Database, type DatabaseConfig } from './database.ts';
export { type Migrations, migrateToLatest } from './migrate.ts';
export { type OpenDatabaseOptions, openDatabase } from './open-database.ts';
export {
  isShareIdShape,
  newShareId,
  type ShareableTable,
  shareOwnedRow,
  unshareOwnedRow,
} from './share-links.ts';
