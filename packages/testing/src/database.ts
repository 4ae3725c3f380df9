import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** The Postgres tests use: the machine's, unless TEST_POSTGRES_URL points elsewhere. */
export const testPostgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A schema name no other test file will pick, e.g. "t_auth_3f9a1c2b". */
export function uniqueSchemaName(label: string): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 40);
  return `t_${safe}_${randomBytes(4).toString('hex')}`;
}

export interface TestSchema {
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty schema for one test file. Services create their tables in it through their own
 * migrations, exactly as in production, so tests never share rows.
 */
export async function freshSchema(label: string): Promise<TestSchema> {
  const schema = uniqueSchemaName(label);
  const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  return {
    url: testPostgresUrl,
    schema,
    async drop() {
      const sql = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop schema if exists "${schema}" cascade`);
      } finally {
        await sql.end();
      }
    },
  };
}
