import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort, redisAnswers } from '@perplexica/net';

export interface LocalRedis {
  url: string;
  describe: string;
  stop(): Promise<void>;
}

export const REDIS_MISSING =
  'Redis is needed and none is configured. Install it (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL.';

/** REDIS_URL when set; otherwise a local in-memory redis-server on a free port. */
export async function startLocalRedis(options: {
  configuredUrl: string | undefined;
  log: (line: string) => void;
}): Promise<LocalRedis> {
  if (options.configuredUrl) {
    const host = new URL(options.configuredUrl).host;
    return { url: options.configuredUrl, describe: `REDIS_URL (${host})`, stop: async () => {} };
  }
  if (spawnSync('redis-server', ['--version']).error) throw new Error(REDIS_MISSING);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let attempt = 0; attempt < 100 && !exited && !(await redisAnswers(port)); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!(await redisAnswers(port))) {
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    describe: `local redis-server on 127.0.0.1:${port} (in memory)`,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    },
  };
}
