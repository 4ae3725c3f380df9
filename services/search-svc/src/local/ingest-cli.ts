import { stat } from 'node:fs/promises';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { z } from 'zod';
import { searchMigrations } from '../db/migrations.ts';
import type { SearchDatabase } from '../db/schema.ts';
import { ingestPath } from './ingest-files.ts';

const ingestEnv = z.object({
  POSTGRES_URL: z
    .string({ error: 'no Postgres to write to: start the stack first (`pnpm start`), or set POSTGRES_URL' })
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL'),
  DB_SCHEMA: z.string().default('search'),
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'POSTGRES_URL';
  }
}

/**
 * `pnpm ingest <folder|file>...`: adds documents to search-svc's local engine, straight into
 * its schema (after running its own migrations), and prints a summary. Exit code 1 if any file failed.
 */
export async function runIngestCli(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void) {
  if (args.length === 0) {
    print('usage: pnpm ingest <folder|file> [more...]   (reads .txt, .md, .html, .pdf)');
    return 2;
  }
  const parsed = ingestEnv.safeParse(env);
  if (!parsed.success) {
    print(
      `bad environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    return 2;
  }
  // Every path is checked before touching the database, so a typo costs nothing.
  const missing = (await Promise.all(args.map(async (arg) => ((await exists(arg)) ? null : arg)))).filter(
    (arg) => arg !== null,
  );
  if (missing.length > 0) {
    for (const arg of missing) print(`no such file or folder: ${arg}`);
    return 2;
  }
  const { POSTGRES_URL, DB_SCHEMA } = parsed.data;
  const database = createDatabase<SearchDatabase>({ url: POSTGRES_URL, schema: DB_SCHEMA, poolMax: 2 });
  try {
    await migrateToLatest(database.db, DB_SCHEMA, searchMigrations);
    let failures = 0;
    for (const target of args) {
      const summary = await ingestPath(database.db, target, (path, status) => {
        if (status !== 'failed') print(`${status.padEnd(9)} ${path}`);
      });
      failures += summary.failed.length;
      for (const failure of summary.failed) print(`failed    ${failure.path}: ${failure.reason}`);
      print(
        `${target}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
          `${summary.duplicate} duplicate, ${summary.failed.length} failed, ${summary.skipped} skipped`,
      );
    }
    return failures > 0 ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    print(`ingest failed: ${message}`);
    if (/ECONNREFUSED|ENOTFOUND|connect/i.test(message)) {
      print(
        `cannot reach Postgres at ${redactPassword(POSTGRES_URL)}: start it (\`pnpm start\` runs one) or set POSTGRES_URL`,
      );
    }
    return 1;
  } finally {
    await database.close();
  }
}
