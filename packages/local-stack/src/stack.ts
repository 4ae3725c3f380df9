import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@perplexica/config';
import { services as registry, type ServiceEntry } from '@perplexica/registry';
import { bundleForStack } from './bundle.ts';
import { type LocalStackEnv, localStackEnv, repoRoot } from './config.ts';
import { startLocalObjectStore } from './object-store.ts';
import { startLocalPostgres } from './postgres.ts';
import { startLocalRedis } from './redis.ts';
import { ensureServiceToken } from './service-token.ts';
import { ensureSigningKeys } from './signing-keys.ts';
import { type StackState, stackStatePath } from './stack-state.ts';
import { type SupervisedProcess, superviseProcess } from './supervisor.ts';
import { ensureWebAppBuilt, webDist } from './web-app.ts';

export interface LocalStackOptions {
  /** The launcher's environment: read through localStackEnv, passed on to the services. */
  env: NodeJS.ProcessEnv;
  /** Every line the services print, prefixed with their name. */
  print: (line: string) => void;
  /** What the launcher has to say (progress, crashes, restarts). */
  report: (line: string) => void;
  /** How long every service gets to answer /ready (the target is 10 s; slow disks get more). */
  readyTimeoutMs?: number;
}

export interface RunningService {
  name: string;
  url: string;
  /** Milliseconds from the start of the command to its first 200 from /ready. */
  readyMs: number;
  process: SupervisedProcess;
}

export interface RunningStack {
  /** The gateway: the web app and the whole API on one port. */
  url: string;
  readyMs: number;
  services: RunningService[];
  /** What stands in for each external system, in words, for the ready line. */
  backends: Record<'postgres' | 'redis' | 'objectStore' | 'search' | 'model', string>;
  /** Everything the stack started stops: gateway, services, then the stores. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** "search-svc" → "SEARCH_SERVICE_URL": how every service finds its neighbours. */
const urlVariableOf = (name: string) =>
  `${name.replace(/-svc$/, '').replaceAll('-', '_').toUpperCase()}_SERVICE_URL`;

const entryOf = (service: ServiceEntry) => join(repoRoot, 'services', service.name, 'src', 'main.ts');

/**
 * What each process runs: a JavaScript bundle of its main.ts made now (all at once, a second or
 * two), or with PERPLEXICA_RUN_SOURCES its main.ts itself.
 */
async function programEntries(
  serviceDirs: string[],
  gatewayDir: string,
  runSources: boolean,
): Promise<{ services: string[]; gateway: string }> {
  const source = (dir: string) => join(dir, 'src', 'main.ts');
  if (runSources) return { services: serviceDirs.map(source), gateway: source(gatewayDir) };
  const [gateway, ...services] = await Promise.all([gatewayDir, ...serviceDirs].map(bundleForStack));
  return { services, gateway: gateway as string };
}

async function waitUntilReady(url: string, deadline: number, gone: () => boolean): Promise<boolean> {
  while (Date.now() < deadline && !gone()) {
    const ready = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return true;
    await sleep(100);
  }
  return false;
}

function describeModel(config: LocalStackEnv): string {
  switch (config.LLM_PROVIDER) {
    case 'openai':
      return `openai (${config.OPENAI_CHAT_MODEL ?? 'gpt-4o-mini'} at ${config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'})`;
    case 'ollama':
      return `ollama (${config.OLLAMA_CHAT_MODEL ?? 'llama3.2'} at ${config.OLLAMA_URL ?? 'http://127.0.0.1:11434'})`;
    default:
      return 'extractive: answers built from source sentences, no model (set LLM_PROVIDER=openai or ollama)';
  }
}

async function describeSearch(config: LocalStackEnv, searchUrl: string | undefined, token: string) {
  if (config.SEARXNG_URL) return `SearXNG (${config.SEARXNG_URL})`;
  if (!searchUrl) return 'none (search-svc is not built)';
  const stats = await fetch(`${searchUrl}/internal/v1/documents/stats`, {
    headers: { 'x-service-token': token },
    signal: AbortSignal.timeout(2_000),
  })
    .then((response) => response.json() as Promise<{ documents: number }>)
    .catch(() => null);
  const count = stats?.documents ?? 0;
  return count > 0
    ? `local engine over ${count} ingested document${count === 1 ? '' : 's'} (set SEARXNG_URL to search the web)`
    : 'local engine, no documents yet: add some with `pnpm ingest <folder>`, or set SEARXNG_URL to search the web';
}

/**
 * The whole product on this machine, as `pnpm start` runs it: Postgres, Redis and an object store
 * (configured ones, or local stand-ins), every service under services/ as its own process on its
 * registry port with the same main.ts and config as in K3s (only the env differs), and the
 * gateway with the web app on one port. Resolves once every process answers /ready.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<RunningStack> {
  const started = Date.now();
  const config = loadConfig(localStackEnv, options.env);
  const dataDir = config.PERPLEXICA_DATA_DIR;
  await mkdir(dataDir, { recursive: true });

  const stores: Array<{ stop(): Promise<void> }> = [];
  const stopStores = async () => {
    for (const store of stores.reverse()) await store.stop().catch(() => {});
  };
  let postgres: Awaited<ReturnType<typeof startLocalPostgres>>;
  let redis: Awaited<ReturnType<typeof startLocalRedis>>;
  let objects: Awaited<ReturnType<typeof startLocalObjectStore>>;
  try {
    redis = await startLocalRedis({ configuredUrl: config.REDIS_URL, log: options.report });
    stores.push(redis);
    [postgres, objects] = await Promise.all([
      startLocalPostgres({ configuredUrl: config.POSTGRES_URL, dataDir, log: options.report }),
      startLocalObjectStore({
        configured: {
          endpoint: config.MINIO_ENDPOINT,
          accessKey: config.MINIO_ACCESS_KEY,
          secretKey: config.MINIO_SECRET_KEY,
        },
        dataDir,
      }),
    ]);
    stores.push(objects, postgres);
  } catch (error) {
    await stopStores();
    throw error;
  }

  try {
    if (!config.PERPLEXICA_SKIP_WEB_BUILD) await ensureWebAppBuilt(options.report);
  } catch (error) {
    await stopStores();
    throw error;
  }
  const keys = await ensureSigningKeys(dataDir);
  const serviceToken = await ensureServiceToken(dataDir);
  const offset = config.PERPLEXICA_PORT_OFFSET;
  const gatewayUrl = `http://127.0.0.1:${config.GATEWAY_PORT + offset}`;
  const urlOf = (service: ServiceEntry) => `http://127.0.0.1:${service.localPort + offset}`;
  const present = registry.filter((service) => existsSync(entryOf(service)));
  const gatewayDir = join(repoRoot, 'packages', 'gateway');
  let entries: { services: string[]; gateway: string };
  try {
    entries = await programEntries(
      present.map((service) => join(repoRoot, 'services', service.name)),
      gatewayDir,
      config.PERPLEXICA_RUN_SOURCES,
    );
  } catch (error) {
    await stopStores();
    throw error;
  }

  const shared: NodeJS.ProcessEnv = {
    ...options.env,
    NODE_ENV: options.env.NODE_ENV ?? 'development',
    LOG_LEVEL: config.LOG_LEVEL,
    HOST: '127.0.0.1',
    POSTGRES_URL: postgres.url,
    REDIS_URL: redis.url,
    MINIO_ENDPOINT: objects.endpoint,
    MINIO_ACCESS_KEY: objects.accessKey,
    MINIO_SECRET_KEY: objects.secretKey,
    SERVICE_TOKEN: serviceToken,
    JWT_PUBLIC_KEY: keys.publicKeyPem,
    // Every request comes through the gateway, which sets X-Forwarded-For.
    TRUST_PROXY: 'true',
    COOKIE_SECURE: 'false',
    PUBLIC_APP_URL: gatewayUrl,
    PUBLIC_AUTH_URL: gatewayUrl,
    BILLING_RETURN_URL: `${gatewayUrl}/billing`,
    ...Object.fromEntries(registry.map((service) => [urlVariableOf(service.name), urlOf(service)])),
  };

  const running: Array<{ name: string; url: string; process: SupervisedProcess }> = [];
  for (const [index, service] of present.entries()) {
    const env: NodeJS.ProcessEnv = { ...shared, PORT: String(service.localPort + offset) };
    if (service.name === 'auth-svc') env.JWT_PRIVATE_KEY = keys.privateKeyPem;
    const supervised = superviseProcess({
      name: service.name,
      entry: entries.services[index] as string,
      env,
      print: options.print,
      report: options.report,
    });
    running.push({ name: service.name, url: urlOf(service), process: supervised });
  }
  running.push({
    name: 'gateway',
    url: gatewayUrl,
    process: superviseProcess({
      name: 'gateway',
      entry: entries.gateway,
      env: {
        ...shared,
        PORT: String(config.GATEWAY_PORT + offset),
        GATEWAY_UPSTREAMS: present.map((service) => `${service.name}=${urlOf(service)}`).join(','),
        WEB_ROOT: webDist,
      },
      print: options.print,
      report: options.report,
    }),
  });

  const stop = async () => {
    await Promise.all(running.map((entry) => entry.process.stop()));
    await stopStores();
    await rm(stackStatePath(dataDir), { force: true });
  };

  const deadline = started + (options.readyTimeoutMs ?? 60_000);
  const readiness = await Promise.all(
    running.map(async (entry) => {
      const ready = await waitUntilReady(entry.url, deadline, () => false);
      return { ...entry, readyMs: ready ? Date.now() - started : Number.NaN };
    }),
  );
  const late = readiness.filter((entry) => Number.isNaN(entry.readyMs)).map((entry) => entry.name);
  if (late.length > 0) {
    await stop();
    throw new Error(`not ready within ${Math.round((deadline - started) / 1_000)} s: ${late.join(', ')}`);
  }

  const state: StackState = { gatewayUrl, postgresUrl: postgres.url, pid: process.pid };
  await writeFile(stackStatePath(dataDir), JSON.stringify(state, null, 2), { mode: 0o600 });
  const searchService = present.find((service) => service.name === 'search-svc');
  return {
    url: gatewayUrl,
    readyMs: Date.now() - started,
    services: readiness,
    backends: {
      postgres: postgres.describe,
      redis: redis.describe,
      objectStore: objects.describe,
      search: await describeSearch(config, searchService && urlOf(searchService), serviceToken),
      model: describeModel(config),
    },
    stop,
  };
}
