// Starts one of our services from its own src/main.ts in a child process, as `pnpm start` and the
// containers do, and waits until its /ready answers 200.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningChild {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServiceProcess(
  name: string,
  port: number,
  env: Record<string, string>,
  /** Where its main.ts is, from the repository root (default services/<name>). */
  dir = join('services', name),
  /** Node flags, e.g. the local stack's V8 settings. */
  nodeFlags: string[] = [],
): Promise<RunningChild> {
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, join(repoRoot, dir, 'src', 'main.ts')], {
    cwd: join(repoRoot, dir),
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const url = `http://127.0.0.1:${port}`;
  // Bounded: 30 s for migrations and connections.
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (exited !== undefined) throw new Error(`${name} exited during start (code ${exited})`);
    const ready = await fetch(`${url}/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) {
      return {
        name,
        url,
        pid: child.pid as number,
        async stop() {
          if (exited !== undefined) return;
          const gone = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await Promise.race([gone, sleep(10_000)]);
          if (exited === undefined) child.kill('SIGKILL');
        },
      };
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} was not ready on ${url} within 30 s`);
}
