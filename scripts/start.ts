// `pnpm start`: the whole system on one machine. Uses POSTGRES_URL / REDIS_URL when set,
// otherwise starts an embedded Postgres and a local redis-server; creates the JWT key pair and
// the service token on first run (in .data/, git-ignored); then runs every service that exists
// under services/ on its local port from the registry, and stops everything on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { services } from '@perplexica/registry';
import { repoRoot } from './local/paths.ts';
import { startLocalPostgres } from './local/postgres.ts';
import { startLocalRedis } from './local/redis.ts';
import { ensureServiceToken } from './local/service-token.ts';
import { ensureSigningKeys } from './local/signing-keys.ts';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);
const env = process.env;

const postgres = await startLocalPostgres(env.POSTGRES_URL, say);
const redis = await startLocalRedis(env.REDIS_URL, say).catch(async (error: Error) => {
  say(error.message);
  await postgres.stop();
  process.exit(1);
});
const keys = await ensureSigningKeys();
const serviceToken = await ensureServiceToken();
const authUrl = `http://127.0.0.1:${services.find((s) => s.name === 'auth-svc')?.localPort}`;

const shared = {
  NODE_ENV: env.NODE_ENV ?? 'development',
  LOG_LEVEL: env.LOG_LEVEL ?? 'info',
  HOST: '127.0.0.1',
  POSTGRES_URL: postgres.url,
  REDIS_URL: redis.url,
  SERVICE_TOKEN: serviceToken,
  JWT_PUBLIC_KEY: keys.publicKeyPem,
  AUTH_SERVICE_URL: authUrl,
  COOKIE_SECURE: 'false',
};

const children = new Map<string, ChildProcess>();
for (const service of services) {
  const entry = join(repoRoot, 'services', service.name, 'src', 'main.ts');
  if (!existsSync(entry)) continue;
  const serviceEnv: NodeJS.ProcessEnv = { ...env, ...shared, PORT: String(service.localPort) };
  if (service.name === 'auth-svc') serviceEnv.JWT_PRIVATE_KEY = keys.privateKeyPem;
  const child = spawn(process.execPath, [entry], { env: serviceEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${service.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${prefix + line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) say(`${service.name} exited (${signal ?? code}); stopping everything`);
    void stopAll(code ?? 1);
  });
  children.set(service.name, child);
  say(`${service.name} on http://127.0.0.1:${service.localPort}`);
}

let stopping = false;
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping services');
  const exits = [...children.values()].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children.values()) child.kill('SIGTERM');
  await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  await redis.stop();
  await postgres.stop();
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
