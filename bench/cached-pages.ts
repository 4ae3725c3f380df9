// Cached page data through the local gateway: requests/s and latency of the endpoints the
// Discover and Finance pages read (and Media's), once cache-worker has warmed their caches. Run
// with `node bench/cached-pages.ts` (or `pnpm bench`).
//
// Every service runs as a child process from its own main.ts with the local stack's V8 flags,
// behind the gateway (packages/gateway), as `pnpm start` runs them; third-party APIs (SearXNG,
// FMP) are doubles in this process. The caches are filled the way the CronJobs fill them (the
// refresh route with the service token), then autocannon (also in this process) sends
// authenticated GETs spread over the endpoints, for BENCH_DURATION_S (10) seconds with
// BENCH_CONNECTIONS (16) connections, then with 64 for reference. BENCH_DIRECT=1 skips the gateway (each service on its own)
// to show what the extra hop costs; BENCH_NO_SHARED_CACHE=1 turns the gateway's micro-cache off.
import { availableParallelism } from 'node:os';
import { FMP_SECURITIES, startFakeFmp, startFakeSearxng } from '@perplexica/fakes';
import { LOCAL_NODE_FLAGS } from '@perplexica/local-stack';
import { freePort, freshRedisPrefix, generateSigningKeyPair, signTestAccessToken } from '@perplexica/testing';
import autocannon from 'autocannon';
import { NEWS_CORPUS, TEST_TOPICS } from '../services/discover-svc/test/news-corpus.ts';
import { type RunningChild, startServiceProcess } from './support/service-process.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Printed for reference: more clients at once than there are cores queue, and p99 grows with it. */
const MORE_CONNECTIONS = 64;
const DIRECT = Boolean(process.env.BENCH_DIRECT);
const TARGET_RPS = 5_000;
const TARGET_P99_MS = 20;
const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';
const FMP_KEY = 'bench-fmp-key';
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** What the pages open with: the discover topics, the market overview and a few quote pages. */
const PAGES: Array<{ service: string; path: string }> = [
  { service: 'discover-svc', path: '/api/v1/discover?topic=top' },
  { service: 'discover-svc', path: '/api/v1/discover?topic=tech' },
  { service: 'discover-svc', path: '/api/v1/discover?topic=science' },
  { service: 'finance-svc', path: '/api/v1/finance/movers' },
  { service: 'finance-svc', path: '/api/v1/finance/sectors' },
  { service: 'finance-svc', path: '/api/v1/finance/quote/%5EGSPC' },
  { service: 'finance-svc', path: '/api/v1/finance/quote/AAPL' },
  { service: 'finance-svc', path: '/api/v1/finance/history/AAPL?range=1M' },
  { service: 'media-svc', path: '/api/v1/media/images?q=moon%20landing' },
];

async function main(): Promise<void> {
  const keys = generateSigningKeyPair();
  const searxng = await startFakeSearxng({ corpus: NEWS_CORPUS });
  const fmp = await startFakeFmp({ apiKey: FMP_KEY });
  const children: RunningChild[] = [];
  const start = async (name: string, env: Record<string, string>, dir?: string) => {
    const port = await freePort();
    const child = await startServiceProcess(name, port, env, dir, LOCAL_NODE_FLAGS);
    children.push(child);
    return child.url;
  };
  try {
    const common = (name: string) => {
      const redis = freshRedisPrefix(name.replace('-svc', ''));
      return {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.prefix,
        SERVICE_TOKEN,
        JWT_PUBLIC_KEY: keys.publicKeyPem,
        // BENCH_NO_SHARED_CACHE=1: every request proxied to its service (what the hop costs).
        GATEWAY_SHARED_CACHE_MS: process.env.BENCH_NO_SHARED_CACHE ? '0' : '1000',
        RATE_LIMITS: 'default=100000000/60s',
      };
    };
    const search = await start('search-svc', {
      ...common('search-svc'),
      SEARXNG_URL: searxng.url,
      POSTGRES_URL,
      DB_SCHEMA: 'bench_search',
    });
    const upstreams: Record<string, string> = {
      'discover-svc': await start('discover-svc', {
        ...common('discover-svc'),
        SEARCH_SERVICE_URL: search,
        POSTGRES_URL,
        DB_SCHEMA: 'bench_discover',
        DISCOVER_TOPICS: TEST_TOPICS,
      }),
      'finance-svc': await start('finance-svc', {
        ...common('finance-svc'),
        FMP_API_KEY: FMP_KEY,
        FMP_BASE_URL: fmp.url,
        FINANCE_WARM_SYMBOLS: Object.keys(FMP_SECURITIES).join(','),
      }),
      'media-svc': await start('media-svc', { ...common('media-svc'), SEARCH_SERVICE_URL: search }),
    };
    const gateway = await start(
      'gateway',
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        // As pnpm start passes it: the gateway's shared micro-cache knows signed-in callers by it.
        JWT_PUBLIC_KEY: keys.publicKeyPem,
        // BENCH_NO_SHARED_CACHE=1: every request proxied to its service (what the hop costs).
        GATEWAY_SHARED_CACHE_MS: process.env.BENCH_NO_SHARED_CACHE ? '0' : '1000',
        GATEWAY_UPSTREAMS: Object.entries(upstreams)
          .map(([name, url]) => `${name}=${url}`)
          .join(','),
      },
      'packages/gateway',
    );

    // Filled as the CronJobs fill them.
    for (const service of ['discover-svc', 'finance-svc']) {
      const response = await fetch(`${upstreams[service]}/internal/v1/cache/refresh`, {
        method: 'POST',
        headers: { 'x-service-token': SERVICE_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify({ deadlineMs: 60_000 }),
      });
      const report = (await response.json()) as { refreshed: string[]; failed: unknown[] };
      if (response.status !== 200 || report.failed.length > 0)
        throw new Error(`warming ${service}: ${response.status} ${JSON.stringify(report)}`);
    }
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId: 'bench-user' });
    const authorization = `Bearer ${token}`;
    const urlOf = (page: (typeof PAGES)[number]) =>
      `${DIRECT ? upstreams[page.service] : gateway}${page.path}`;
    for (const page of PAGES) {
      // Twice: the first read of media fills its cache; the second must come from a cache.
      await fetch(urlOf(page), { headers: { authorization } }).then((response) => response.arrayBuffer());
      const response = await fetch(urlOf(page), { headers: { authorization } });
      const body = await response.text();
      const cache = response.headers.get('x-cache');
      if (response.status !== 200 || !cache || cache === 'miss')
        throw new Error(`warm-up ${page.path}: ${response.status} x-cache=${cache} ${body.slice(0, 200)}`);
    }

    console.log(
      `bench cached-pages: authenticated GETs of warm cached endpoints ${DIRECT ? 'straight to each service' : 'through the gateway'}`,
    );
    console.log(
      `  ${availableParallelism()} cores, Node ${process.version}, ${DURATION_S} s per run, ${PAGES.length} endpoints (discover, finance, media)`,
    );
    // One autocannon run per target host, side by side, connections (and rate) split between them.
    const byHost = new Map<string, string[]>();
    for (const page of PAGES) {
      const url = new URL(urlOf(page));
      byHost.set(url.origin, [...(byHost.get(url.origin) ?? []), `${url.pathname}${url.search}`]);
    }
    const load = async (connections: number) => {
      const results = await Promise.all(
        [...byHost].map(([origin, paths]) => {
          const share = paths.length / PAGES.length;
          return autocannon({
            url: origin,
            connections: Math.max(1, Math.round(connections * share)),
            duration: DURATION_S,
            headers: { authorization },
            requests: paths.map((path) => ({ method: 'GET', path })),
          });
        }),
      );
      return {
        rps: Math.round(results.reduce((sum, result) => sum + result.requests.average, 0)),
        p50: Math.max(...results.map((result) => result.latency.p50)),
        p99: Math.max(...results.map((result) => result.latency.p99)),
        non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
        errors: results.reduce((sum, result) => sum + result.errors, 0),
      };
    };
    const line = (name: string, figures: Awaited<ReturnType<typeof load>>) =>
      console.log(
        `  ${name}: ${figures.rps} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
      );
    // Closed loop: each connection sends its next request as soon as it has an answer, so the
    // figures are the most the machine serves and the latency at that load. (autocannon's
    // overallRate is no open loop: each connection spends its quota for the second in one burst.)
    const main = await load(CONNECTIONS);
    line(`${CONNECTIONS} connections`, main);
    line(`${MORE_CONNECTIONS} connections`, await load(MORE_CONNECTIONS));
    const pass = main.rps >= TARGET_RPS && main.p99 < TARGET_P99_MS && main.errors + main.non2xx === 0;
    console.log(
      `  target ≥ ${TARGET_RPS} req/s with p99 < ${TARGET_P99_MS} ms and no errors (${CONNECTIONS} connections): ${pass ? 'PASS' : 'MISS'}`,
    );
  } finally {
    for (const child of children.reverse()) await child.stop();
    await Promise.all([searxng.close(), fmp.close()]);
  }
}

await main();
