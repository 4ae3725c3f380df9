import { testPostgresUrl, uniqueSchemaName } from '@perplexica/testing';
import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createDatabase,
  type Database,
  type Kysely,
  type Migrations,
  migrateToLatest,
  sql,
} from '../src/index.ts';

// Schemas are made up here rather than with freshSchema(): migrateToLatest must create them itself.
const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
const createdSchemas: string[] = [];
const openDatabases: Array<Database<unknown>> = [];

function newSchema(label: string): string {
  const schema = uniqueSchemaName(label);
  createdSchemas.push(schema);
  return schema;
}

function open(schema: string): Database<any> {
  const database = createDatabase<any>({ url: testPostgresUrl, schema, poolMax: 3 });
  openDatabases.push(database);
  return database;
}

/** Migrations that count their own runs, and fail loudly if applied twice (create table without "if not exists"). */
function countingMigrations() {
  const runs: string[] = [];
  const migrations: Migrations = {
    '2026-01-01-notes': {
      async up(db: Kysely<any>) {
        runs.push('2026-01-01-notes');
        await db.schema
          .createTable('notes')
          .addColumn('id', 'serial', (column) => column.primaryKey())
          .addColumn('body', 'text', (column) => column.notNull())
          .execute();
      },
    },
    '2026-02-01-note-tags': {
      async up(db: Kysely<any>) {
        runs.push('2026-02-01-note-tags');
        // Slow on purpose, so concurrent runners really overlap.
        await sql`select pg_sleep(0.2)`.execute(db);
        await db.schema.alterTable('notes').addColumn('tag', 'text').execute();
      },
    },
  };
  return { runs, migrations };
}

async function tablesIn(schema: string): Promise<string[]> {
  const rows = await admin<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = ${schema} order by table_name`;
  return rows.map((row) => row.table_name);
}

afterEach(async () => {
  await Promise.all(openDatabases.splice(0).map((database) => database.close()));
});

afterAll(async () => {
  for (const schema of createdSchemas) await admin.unsafe(`drop schema if exists "${schema}" cascade`);
  await admin.end();
});

describe('createDatabase', () => {
  it('rejects schema names that could break out of an identifier', () => {
    expect(() => createDatabase({ url: testPostgresUrl, schema: 'a"; drop table x; --' })).toThrow(
      /Invalid schema name/,
    );
    expect(() => createDatabase({ url: testPostgresUrl, schema: 'Upper' })).toThrow(/Invalid schema name/);
  });

  it('answers ping and resolves unqualified table names inside its own schema', async () => {
    const schema = newSchema('db_search_path');
    await admin.unsafe(`create schema "${schema}"; create table "${schema}".things (name text)`);
    await admin.unsafe(`insert into "${schema}".things values ('mine')`);
    const database = open(schema);
    await expect(database.ping()).resolves.toBeUndefined();
    const rows = await database.db.selectFrom('things').select('name').execute();
    expect(rows).toEqual([{ name: 'mine' }]);
  });

  it('ping rejects when Postgres is unreachable', async () => {
    const database = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/postgres', schema: 'nowhere' });
    openDatabases.push(database);
    await expect(database.ping()).rejects.toThrow();
  });
});

describe('migrateToLatest', () => {
  it('creates the schema, applies pending migrations in order, and applies nothing the second time', async () => {
    const schema = newSchema('db_migrate');
    const { runs, migrations } = countingMigrations();
    const database = open(schema);

    const applied = await migrateToLatest(database.db, schema, migrations);
    expect(applied).toEqual(['2026-01-01-notes', '2026-02-01-note-tags']);
    expect(runs).toEqual(applied);
    expect(await tablesIn(schema)).toEqual(['kysely_migration', 'kysely_migration_lock', 'notes']);

    await database.db.insertInto('notes').values({ body: 'hello', tag: 't' }).execute();
    expect(await migrateToLatest(database.db, schema, migrations)).toEqual([]);
    expect(runs).toHaveLength(2);

    const withNewOne: Migrations = {
      ...migrations,
      '2026-03-01-note-index': {
        async up(db: Kysely<any>) {
          runs.push('2026-03-01-note-index');
          await db.schema.createIndex('notes_tag').on('notes').column('tag').execute();
        },
      },
    };
    expect(await migrateToLatest(database.db, schema, withNewOne)).toEqual(['2026-03-01-note-index']);
    expect(runs).toEqual(['2026-01-01-notes', '2026-02-01-note-tags', '2026-03-01-note-index']);
  });

  it('is safe when three replicas migrate a fresh schema at the same moment', async () => {
    const schema = newSchema('db_concurrent');
    const { runs, migrations } = countingMigrations();
    const replicas = [open(schema), open(schema), open(schema)];

    const results = await Promise.all(
      replicas.map((replica) => migrateToLatest(replica.db, schema, migrations)),
    );

    expect(results.flat().sort()).toEqual(['2026-01-01-notes', '2026-02-01-note-tags']);
    expect(runs.sort()).toEqual(['2026-01-01-notes', '2026-02-01-note-tags']);
    const recorded = await admin.unsafe(`select name from "${schema}".kysely_migration order by name`);
    expect(recorded.map((row) => row.name)).toEqual(['2026-01-01-notes', '2026-02-01-note-tags']);
    const columns = await admin<{ column_name: string }[]>`
      select column_name from information_schema.columns
      where table_schema = ${schema} and table_name = 'notes' order by column_name`;
    expect(columns.map((row) => row.column_name)).toEqual(['body', 'id', 'tag']);
  });

  it('names the failing migration and rolls the whole run back (one transaction on Postgres)', async () => {
    const schema = newSchema('db_failing');
    const database = open(schema);
    const migrations: Migrations = {
      '2026-01-01-ok': {
        async up(db: Kysely<any>) {
          await db.schema.createTable('fine').addColumn('id', 'integer').execute();
        },
      },
      '2026-01-02-broken': {
        async up(db: Kysely<any>) {
          await sql`select * from table_that_does_not_exist`.execute(db);
        },
      },
    };
    await expect(migrateToLatest(database.db, schema, migrations)).rejects.toThrow(
      `Migration 2026-01-02-broken failed in schema ${schema}`,
    );
    const recorded = await admin.unsafe(`select name from "${schema}".kysely_migration`);
    expect(recorded).toHaveLength(0);
    expect(await tablesIn(schema)).not.toContain('fine');

    const fixed: Migrations = { '2026-01-01-ok': migrations['2026-01-01-ok']! };
    expect(await migrateToLatest(database.db, schema, fixed)).toEqual(['2026-01-01-ok']);
    expect(await tablesIn(schema)).toContain('fine');
  });
});
