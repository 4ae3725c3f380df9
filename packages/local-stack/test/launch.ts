import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/index.ts';

export interface LaunchedStack {
  /** The gateway URL from the ready line. */
  url: string;
  child: ChildProcess;
  /** Everything the launcher has printed so far. */
  output(): string;
  /** Resolves with the first line matching, printed before or within `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Ctrl-C, as a user would; resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

// Variables a developer's shell or CI may have set that would point the stack elsewhere.
const scrubbed = [
  'POSTGRES_URL',
  'REDIS_URL',
  'MINIO_ENDPOINT',
  'SEARXNG_URL',
  'LLM_PROVIDER',
  'GATEWAY_PORT',
];

/** Re-exported for the browser tests: an offset under which a whole second stack fits. */
export { freePortOffset } from '../src/port-offset.ts';

/** `pnpm start` (node scripts/start.ts) in a child process, as a newcomer would run it. */
export async function launchStack(
  env: Record<string, string>,
  readyTimeoutMs = 120_000,
): Promise<LaunchedStack> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  for (const name of scrubbed) if (!(name in env)) delete childEnv[name];
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.ts')], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      for (const listener of listeners) listener();
      resolve(code);
    });
  });

  const waitForLine = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = text.split('\n').find((candidate) => pattern.test(candidate));
        if (line !== undefined) return done(() => resolve(line));
        if (exitCode !== undefined) done(() => reject(new Error(`the stack exited (${exitCode}):\n${text}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${text}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const readyLine = await waitForLine(/Perplexica is ready at /, readyTimeoutMs).catch((error: Error) => {
    child.kill('SIGKILL');
    throw error;
  });
  // The lines after the ready line (what backs what, the services) are its last words.
  await waitForLine(/Ctrl-C stops everything/, 5_000);
  const url = /ready at (\S+)/.exec(readyLine)?.[1] as string;
  return {
    url,
    child,
    output: () => text,
    waitForLine,
    async interrupt() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The process id of a service the launcher runs (its child whose command line names the service's program). */
export function servicePid(launcherPid: number, service: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // The stack runs each service's bundle (<service>/.stack/main.js), or its src/main.ts.
      const runs = [`${service}/.stack/main.js`, `${service}/src/main.ts`].some((entry) =>
        cmdline.includes(entry),
      );
      if (parent === launcherPid && runs) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

/** Polls until `check` is true, for at most `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
