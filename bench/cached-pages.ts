// Cached page data through the local gateway: requests/s and latency of the endpoints the
// Discover, Finance (and Media) pages read, once their caches are warm. Run with
// `node bench/cached-pages.ts` (or `pnpm bench`).
//
// Every service runs as a child process from its own main.ts with the local stack's V8 flags,
// behind the gateway (packages/gateway), as `pnpm start` runs them; third-party APIs are doubles
// in this process. autocannon (also in this process) sends an authenticated GET, spread over the
// endpoints, for BENCH_DURATION_S (10) seconds with BENCH_CONNECTIONS (64) connections.
import { availableParallelism } from 'node:os';
import { startFakeSearxng } from '@perplexica/fakes';
import { LOCAL_NODE_FLAGS } from '@perplexica/local-stack';
import { freePort, freshRedisPrefix, generateSigningKeyPair, signTestAccessToken } from '@perplexica/testing';
import autocannon from 'autocannon';
import { type RunningChild, startServiceProcess } from './support/service-process.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const TARGET_RPS = 5_000;
const TARGET_P99_MS = 20;
const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';

async function main(): Promise<void> {
  const keys = generateSigningKeyPair();
  const searxng = await startFakeSearxng();
  const children: RunningChild[] = [];
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
        RATE_LIMITS: 'default=100000000/60s',
      };
    };
    const searchPort = await freePort();
    const mediaPort = await freePort();
    const gatewayPort = await freePort();
    children.push(
      await startServiceProcess(
        'search-svc',
        searchPort,
        {
          ...common('search-svc'),
          SEARXNG_URL: searxng.url,
          POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
          DB_SCHEMA: 'bench_search',
        },
        undefined,
        LOCAL_NODE_FLAGS,
      ),
      await startServiceProcess(
        'media-svc',
        mediaPort,
        { ...common('media-svc'), SEARCH_SERVICE_URL: `http://127.0.0.1:${searchPort}` },
        undefined,
        LOCAL_NODE_FLAGS,
      ),
    );
    children.push(
      await startServiceProcess(
        'gateway',
        gatewayPort,
        {
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          HOST: '127.0.0.1',
          GATEWAY_UPSTREAMS: `media-svc=http://127.0.0.1:${mediaPort}`,
        },
        'packages/gateway',
        LOCAL_NODE_FLAGS,
      ),
    );
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId: 'bench-user' });
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    const paths = ['/api/v1/media/images?q=solar%20panels', '/api/v1/media/videos?q=solar%20panels'];
    for (const path of paths) {
      const response = await fetch(`${gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200)
        throw new Error(`warm-up ${path}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
    console.log('bench cached-pages: authenticated GETs of warm cached endpoints through the gateway');
    console.log(
      `  ${availableParallelism()} cores, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s`,
    );
    const target = process.env.BENCH_DIRECT ? `http://127.0.0.1:${mediaPort}` : gateway;
    const result = await autocannon({
      url: target,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { authorization: `Bearer ${token}` },
      requests: paths.map((path) => ({ method: 'GET', path })),
    });
    const rps = Math.round(result.requests.average);
    const p99 = result.latency.p99;
    console.log(
      `  ${rps} req/s, p50 ${result.latency.p50} ms, p99 ${p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
    console.log(
      `  target ≥ ${TARGET_RPS} req/s with p99 < ${TARGET_P99_MS} ms: ${rps >= TARGET_RPS && p99 < TARGET_P99_MS ? 'PASS' : 'MISS'}`,
    );
  } finally {
    for (const child of children.reverse()) await child.stop();
    await searxng.close();
  }
}

await main();
