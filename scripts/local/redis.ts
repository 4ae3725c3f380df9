import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

const PORT = 63790;

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 500 });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

/** REDIS_URL when set; otherwise a local redis-server (in-memory) on a fixed port. */
export async function startLocalRedis(
  configuredUrl: string | undefined,
  log: (line: string) => void,
): Promise<LocalRedis> {
  if (configuredUrl) {
    log(`using REDIS_URL (${new URL(configuredUrl).host})`);
    return { url: configuredUrl, stop: async () => {} };
  }
  const url = `redis://127.0.0.1:${PORT}`;
  if (await answers(PORT)) {
    log(`reusing the Redis already on 127.0.0.1:${PORT}`);
    return { url, stop: async () => {} };
  }
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'Redis is needed and none is configured. Install it (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL.',
    );
  }
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let attempt = 0; attempt < 50 && !(await answers(PORT)); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!(await answers(PORT))) throw new Error(`redis-server did not answer on ${PORT}`);
  log(`local redis-server on 127.0.0.1:${PORT}`);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
