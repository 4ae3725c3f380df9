import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalObjectStore } from '@perplexica/local-stack/object-store';
import { freePort } from '@perplexica/net';
import { freshRedisPrefix, freshSchema, generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { builtServices, repoRoot } from '../src/index.ts';

// What goes into each container, without Docker: the service bundled (scripts/build-service.ts),
// laid out with `pnpm deploy --prod` exactly as the Dockerfile does, started with plain
// `node dist/main.js` from that folder, which has no TypeScript and no dev dependencies.
const work = mkdtempSync(join(tmpdir(), 'perplexica-images-'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function deploy(pkg: string, dir: string): string {
  const target = join(work, pkg.replace('@perplexica/', ''));
  execFileSync('pnpm', ['--filter', pkg, 'run', 'build'], { cwd: repoRoot, stdio: 'pipe' });
  execFileSync('pnpm', ['--filter', pkg, 'deploy', '--prod', '--config.node-linker=hoisted', target], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  expect(readFileSync(join(repoRoot, dir, 'dist', 'main.js'), 'utf8')).not.toContain('from "@perplexica/');
  return target;
}

async function start(
  folder: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

async function untilReady(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready:\n${output()}`);
}

const stopped = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

describe('the production artifact of every service (what the Dockerfile builds)', () => {
  const keys = generateSigningKeyPair();
  it.each(builtServices().map((entry) => [entry.name, entry.deploy.uses.includes('minio')] as const))(
    '%s starts from its bundle with production dependencies only, and stops cleanly',
    async (name, usesObjectStore) => {
      const folder = deploy(`@perplexica/${name}`, join('services', name));
      const schema = await freshSchema(name.replace('-svc', ''));
      const redis = freshRedisPrefix(name.replace('-svc', ''));
      // Services that keep files need an S3-compatible store at start (they create their bucket).
      const objectDir = mkdtempSync(join(work, `${name}-objects-`));
      const objects = usesObjectStore
        ? await startLocalObjectStore({ configured: {}, dataDir: objectDir })
        : null;
      try {
        const service = await start(folder, {
          POSTGRES_URL: schema.url,
          DB_SCHEMA: schema.schema,
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: redis.prefix,
          SERVICE_TOKEN: 'image-test-service-token-0123456789',
          JWT_PUBLIC_KEY: keys.publicKeyPem,
          JWT_PRIVATE_KEY: keys.privateKeyPem,
          ...(objects
            ? {
                MINIO_ENDPOINT: objects.endpoint,
                MINIO_ACCESS_KEY: objects.accessKey,
                MINIO_SECRET_KEY: objects.secretKey,
              }
            : {}),
        });
        await untilReady(service.url, service.output);
        expect((await fetch(`${service.url}/health`)).status).toBe(200);
        expect(await (await fetch(`${service.url}/metrics`)).text()).toContain(
          'http_request_duration_seconds',
        );
        expect(await stopped(service.child)).toBe(0);
      } finally {
        await objects?.stop();
        await redis.clear();
        await schema.drop();
      }
    },
    120_000,
  );

  it('the web image: the gateway with no upstreams serves the app, /health, /ready and /metrics', async () => {
    const folder = deploy('@perplexica/gateway', join('packages', 'gateway'));
    const webRoot = join(folder, 'web');
    mkdirSync(join(webRoot, 'assets'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root">app</div>');
    const web = await start(folder, { WEB_ROOT: webRoot, GATEWAY_UPSTREAMS: '' });
    await untilReady(web.url, web.output);
    expect(await (await fetch(`${web.url}/library`)).text()).toContain('<div id="root">app</div>');
    expect((await fetch(`${web.url}/api/v1/library/threads`)).status).toBe(404);
    expect(await stopped(web.child)).toBe(0);
  }, 120_000);
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const ignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8');

  it('builds any service by build argument, and the web image, running as a non-root user', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE$/m);
    expect(dockerfile).toMatch(/^FROM .* AS service$/m);
    expect(dockerfile).toMatch(/^FROM .* AS web$/m);
    // Every runtime stage drops to the image's unprivileged user before it runs anything.
    for (const stage of dockerfile.split(/^FROM /m).filter((s) => /AS (service|web)\n/.test(s))) {
      expect(stage).toMatch(/^USER node$/m);
      expect(stage).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/main\.js"\]$/m);
    }
    expect(dockerfile).toContain('deploy --prod');
    expect(dockerfile).toContain('--frozen-lockfile');
  });

  it('keeps local state, secrets and build output out of the build context', () => {
    for (const entry of ['.data', '**/node_modules', '.env', '.env.*', '**/dist'])
      expect(ignore.split('\n')).toContain(entry);
  });
});
