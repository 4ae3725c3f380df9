// Authenticated GET on a kit service: requests/s, p50/p99 latency and errors under autocannon.
// Run with `node bench/http-auth.ts` (or `pnpm bench` for every benchmark).
//
// The service runs in a child process, as in production: runService (tracing on, no exporter),
// createServiceApp (request ids, access log, metrics, body limit, error handler) and authenticate
// checking an EdDSA JWT on every request. LOG_LEVEL is info, so every request writes its
// access-log line (to stdout, redirected to /dev/null), as a real service would.
//
// Two scenarios: the kit's default (a verified token's verdict is cached until it expires, at most
// 60 s, so one client's repeated requests skip the signature check) against the targets, and the
// cache turned off (every request pays for the Ed25519 signature check) for reference.
import { type ChildProcess, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createServiceApp, runService } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { generateSigningKeyPair, signTestAccessToken } from '@perplexica/testing';
import autocannon from 'autocannon';

const TARGET_RPS = 8_000;
const TARGET_P99_MS = 10;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

async function serve(): Promise<void> {
  const logger = createLogger({ service: 'bench-svc', level: 'info' });
  const app = createServiceApp({ name: 'bench-svc', logger });
  const tokens = createTokenVerifier({
    publicKeyPem: process.env.BENCH_PUBLIC_KEY as string,
    issuer: 'perplexica-auth',
    audience: 'perplexica',
    ...(process.env.BENCH_TOKEN_CACHE === 'off' ? { cacheMaxEntries: 0 } : {}),
  });
  app.get('/v1/me', authenticate({ tokens }), (c) => {
    const user = c.get('user');
    return c.json({ id: user.id, orgId: user.orgId, role: user.role });
  });
  const service = await runService({ name: 'bench-svc', app, logger, port: 0, host: '127.0.0.1' });
  process.send?.({ port: service.port });
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('bench server did not start within 15 s'));
    }, 15_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve({ child, port: (message as { port: number }).port });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
  });
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  total: number;
}

async function measure(publicKeyPem: string, token: string, tokenCache: 'on' | 'off'): Promise<Figures> {
  const { child, port } = await startServer({
    BENCH_PUBLIC_KEY: publicKeyPem,
    BENCH_TOKEN_CACHE: tokenCache,
  });
  const url = `http://127.0.0.1:${port}/v1/me`;
  try {
    const check = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200)
      throw new Error(`sanity request answered ${check.status}: ${await check.text()}`);
    const unauthenticated = await fetch(url);
    if (unauthenticated.status !== 401)
      throw new Error(`a request without a token answered ${unauthenticated.status}`);
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      warmup: { connections: CONNECTIONS, duration: WARMUP_S },
      timeout: 5,
      headers: { authorization: `Bearer ${token}` },
      expectBody: JSON.stringify({ id: 'bench-user', orgId: 'org-1', role: 'user' }),
    });
    return {
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
      total: result.requests.total,
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}

const line = (label: string, f: Figures) =>
  `  ${label.padEnd(38)} ${String(f.rps).padStart(6)} req/s   p50 ${f.p50} ms   p99 ${f.p99} ms   max ${f.max} ms   errors ${f.errors}   (${f.total} requests)`;

async function main(): Promise<void> {
  const keys = generateSigningKeyPair();
  const token = await signTestAccessToken({
    privateKeyPem: keys.privateKeyPem,
    userId: 'bench-user',
    orgId: 'org-1',
  });
  console.log('bench http-auth: authenticated GET /v1/me on a kit service (access log at info, tracing on)');
  console.log(
    `  ${availableParallelism()} cores, ${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up, 127.0.0.1, Node ${process.version}`,
  );
  const cached = await measure(keys.publicKeyPem, token, 'on');
  console.log(line('JWT check, verdict cache on (default)', cached));
  const uncached = await measure(keys.publicKeyPem, token, 'off');
  console.log(line('JWT check, signature every request', uncached));
  const pass = cached.rps >= TARGET_RPS && cached.p99 < TARGET_P99_MS && cached.errors === 0;
  console.log(
    `${pass ? 'PASS' : 'MISS'}: target >= ${TARGET_RPS} req/s and p99 < ${TARGET_P99_MS} ms with no errors (kit defaults): ${cached.rps} req/s, p99 ${cached.p99} ms, ${cached.errors} errors`,
  );
}

if (process.argv.includes('--serve')) await serve();
else await main();
