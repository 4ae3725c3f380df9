import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FMP_SECURITIES } from '@perplexica/fakes';
import { acquireLock, createRedis } from '@perplexica/redis';
import { freshRedisPrefix, type TestRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscoverServiceUnderTest,
  type World as DiscoverWorld,
  startDiscoverService,
  startWorld as startDiscoverWorld,
} from '../../discover-svc/test/harness.ts';
import {
  call,
  type FinanceServiceUnderTest,
  SERVICE_TOKEN,
  startFinanceService,
} from '../../finance-svc/test/harness.ts';
import {
  startTravelService,
  startWorld as startTravelWorld,
  type TravelServiceUnderTest,
  type World as TravelWorld,
} from '../../travel-svc/test/harness.ts';

// The CLI as the CronJobs run it (node src/main.ts), against a real finance-svc and its FMP double.
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.ts');
const NOWHERE = 'http://127.0.0.1:9';

let finance: FinanceServiceUnderTest;
let slowFinance: FinanceServiceUnderTest;
let prefix: TestRedisPrefix;
beforeAll(async () => {
  // The warm list is what the FMP double knows, so a full refresh has nothing to fail on.
  const warm = { FINANCE_WARM_SYMBOLS: Object.keys(FMP_SECURITIES).join(',') };
  finance = await startFinanceService({ env: warm });
  // For an FMP slower than a run may last: finance-svc waits for it as long as the worker lets it.
  slowFinance = await startFinanceService({ env: { ...warm, FMP_TIMEOUT_MS: '30000' } });
  prefix = freshRedisPrefix('cache-worker');
});
afterAll(async () => {
  await finance?.close();
  await slowFinance?.close();
  await prefix?.clear();
});

interface Run {
  code: number | null;
  output: string;
  lines: Array<Record<string, unknown>>;
}

function runWorker(
  args: string[],
  services: { finance?: string; discover?: string; travel?: string; redisUrl?: string } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: services.redisUrl ?? prefix.url,
        REDIS_KEY_PREFIX: prefix.prefix,
        SERVICE_TOKEN,
        FINANCE_SERVICE_URL: services.finance ?? finance.url,
        DISCOVER_SERVICE_URL: services.discover ?? NOWHERE,
        TRAVEL_SERVICE_URL: services.travel ?? NOWHERE,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // Bounded: a run that hangs is killed and reported as such.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, output, lines });
    });
  });
}

describe('cache-worker', () => {
  it('--task=finance fills finance-svc’s caches and exits 0 with a summary', async () => {
    const run = await runWorker(['--task=finance']);
    expect(run.code, run.output).toBe(0);
    const summary = run.lines.find((line) => line.task === 'finance');
    expect(summary).toMatchObject({ status: 'ok', failed: 0, msg: 'task finance done' });
    expect(summary?.refreshed).toBeGreaterThan(0);
    // What the page reads is now served from the cache, without asking FMP.
    const before = finance.fmp.requestCount();
    const movers = await call(`${finance.url}/api/v1/finance/movers`, { token: await finance.userToken() });
    expect(movers.status).toBe(200);
    expect(movers.headers.get('x-cache')).toBe('fresh');
    expect(finance.fmp.requestCount()).toBe(before);
  });

  it('a second run of the same task while one holds the lock exits at once, leaving it alone', async () => {
    slowFinance.fmp.setLatency(1_500);
    try {
      const first = runWorker(['--task=finance'], { finance: slowFinance.url });
      // Let the first one take the lock.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const second = await runWorker(['--task=finance'], { finance: slowFinance.url });
      expect(second.code, second.output).toBe(0);
      expect(second.lines.find((line) => line.task === 'finance')).toMatchObject({ status: 'locked' });
      const done = await first;
      expect(done.code, done.output).toBe(0);
      expect(done.lines.find((line) => line.task === 'finance')).toMatchObject({ status: 'ok' });
    } finally {
      slowFinance.fmp.setLatency(0);
    }
  });

  it('exits non-zero when a task fails: failed keys, or a service it cannot reach', async () => {
    finance.fmp.setMode('error');
    try {
      const failing = await runWorker(['--task=finance']);
      expect(failing.code, failing.output).toBe(1);
      const summary = failing.lines.find((line) => line.task === 'finance');
      expect(summary).toMatchObject({ status: 'failed', msg: 'task finance failed' });
      expect(summary?.failed).toBeGreaterThan(0);
    } finally {
      finance.fmp.setMode('ok');
    }
    const unreachable = await runWorker(['--task=discover']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.lines.find((line) => line.task === 'discover')).toMatchObject({ status: 'failed' });
    // Redis gone: no lock can be taken; still a summary and exit 1, not a crash.
    const noRedis = await runWorker(['--task=finance'], { redisUrl: 'redis://127.0.0.1:9' });
    expect(noRedis.code, noRedis.output).toBe(1);
    expect(noRedis.lines.find((line) => line.task === 'finance')).toMatchObject({ status: 'failed' });
  });

  it('stops before its deadline when a service is slower than the run may last, and frees the lock', async () => {
    slowFinance.fmp.setLatency(20_000);
    try {
      const run = await runWorker(['--task=finance', '--deadline-seconds=5'], { finance: slowFinance.url });
      expect(run.code, run.output).toBe(1);
      expect(String(run.lines.find((line) => line.task === 'finance')?.error)).toContain('timeout');
      // The lock went with it: the next run may start.
      const redis = createRedis({ url: prefix.url, keyPrefix: prefix.prefix });
      const lock = await acquireLock(redis, 'lock:finance', 1_000);
      expect(lock).not.toBeNull();
      await lock?.release();
      redis.disconnect();
    } finally {
      slowFinance.fmp.setLatency(0);
    }
  });

  it('refuses a command line it cannot run (exit 2, usage), and never logs the service token', async () => {
    for (const args of [['--task=weather'], ['--deadline-seconds=soon'], ['--colour=blue']]) {
      const run = await runWorker(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.output).toContain('usage: cache-worker --task=');
    }
    const run = await runWorker(['--task=finance']);
    expect(run.output).not.toContain(SERVICE_TOKEN);
  });

  describe('--task=all', () => {
    let discoverWorld: DiscoverWorld;
    let discover: DiscoverServiceUnderTest;
    let travelWorld: TravelWorld;
    let travel: TravelServiceUnderTest;
    beforeAll(async () => {
      [discoverWorld, travelWorld] = await Promise.all([startDiscoverWorld(), startTravelWorld()]);
      // One service token across the system, as in the cluster.
      [discover, travel] = await Promise.all([
        startDiscoverService(discoverWorld, { SERVICE_TOKEN }),
        startTravelService({ ...travelWorld.env, SERVICE_TOKEN }),
      ]);
    });
    afterAll(async () => {
      await Promise.allSettled([discover?.close(), travel?.close()]);
      await Promise.allSettled([discoverWorld?.close(), travelWorld?.close()]);
    });

    it('warms discover, finance and travel in one run, each reported on its own', async () => {
      // The runs above succeeded for finance; the catch-all would leave it alone as recent.
      const redis = createRedis({ url: prefix.url, keyPrefix: prefix.prefix });
      await redis.del('last-ok:discover', 'last-ok:finance', 'last-ok:travel');
      redis.disconnect();
      const run = await runWorker(['--task=all'], { discover: discover.url, travel: travel.url });
      expect(run.code, run.output).toBe(0);
      for (const task of ['discover', 'finance', 'travel']) {
        const summary = run.lines.find((line) => line.task === task);
        expect(summary, `${task}: ${run.output}`).toMatchObject({ status: 'ok', failed: 0 });
        expect(summary?.refreshed, task).toBeGreaterThan(0);
      }
      // The discover front page is now served from what the worker computed.
      const token = await discover.userToken('reader');
      const feed = await call(`${discover.url}/api/v1/discover?topic=top`, { token });
      expect(feed.status).toBe(200);
      expect(feed.headers.get('x-cache')).toBe('fresh');

      // The next catch-all run finds every task just refreshed and leaves them to their own jobs;
      // a task's own CronJob still runs it.
      const again = await runWorker(['--task=all'], { discover: discover.url, travel: travel.url });
      expect(again.code, again.output).toBe(0);
      for (const task of ['discover', 'finance', 'travel']) {
        expect(again.lines.find((line) => line.task === task)).toMatchObject({ status: 'recent' });
      }
      const own = await runWorker(['--task=travel'], { travel: travel.url });
      expect(own.lines.find((line) => line.task === 'travel')).toMatchObject({ status: 'ok' });
    });
  });
});
