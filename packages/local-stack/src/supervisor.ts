import { type ChildProcess, spawn } from 'node:child_process';

/**
 * V8 settings for a laptop running every service at once: a smaller young generation (4 MB per
 * semi-space instead of up to 16) and one V8 worker thread instead of one per core.
 */
export const LOCAL_NODE_FLAGS = ['--max-semi-space-size=4', '--v8-pool-size=1'];

export interface SupervisedProcessOptions {
  name: string;
  /** The program's entry file, run with this Node. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Each line the process prints, already prefixed with its name. */
  print: (line: string) => void;
  /** What the supervisor itself has to say (crashes, restarts). */
  report: (line: string) => void;
  /** First restart delay; doubles on each crash in a row, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A process that ran this long before crashing starts over at the first delay. */
  stableAfterMs?: number;
}

export interface SupervisedProcess {
  name: string;
  /** The current process id (changes when it is restarted). */
  pid(): number | undefined;
  /** How many times it has been restarted after a crash. */
  restarts(): number;
  /** SIGTERM, then SIGKILL after `timeoutMs`; no restart afterwards. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Runs one program and keeps it running: output goes out line by line under its name, and a
 * process that exits on its own is reported and started again after a delay that grows with
 * each crash in a row (1 s, 2 s, 4 s … 30 s), so a service that cannot start does not spin.
 */
export function superviseProcess(options: SupervisedProcessOptions): SupervisedProcess {
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 30_000;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let crashesInARow = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const pipeLines = (stream: NodeJS.ReadableStream | null) => {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) options.print(`[${options.name}] ${line}`);
    });
    stream?.on('end', () => {
      if (pending) options.print(`[${options.name}] ${pending}`);
      pending = '';
    });
  };

  const start = () => {
    const startedAt = Date.now();
    const spawned = spawn(process.execPath, [...LOCAL_NODE_FLAGS, options.entry], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    pipeLines(spawned.stdout);
    pipeLines(spawned.stderr);
    spawned.once('exit', (code, signal) => {
      if (child === spawned) child = undefined;
      if (stopping) return;
      crashesInARow = Date.now() - startedAt >= stableAfterMs ? 1 : crashesInARow + 1;
      const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (crashesInARow - 1));
      restarts += 1;
      options.report(
        `${options.name} exited (${signal ?? `code ${code}`}); restarting in ${(delay / 1_000).toFixed(1)} s (restart ${restarts})`,
      );
      restartTimer = setTimeout(start, delay);
    });
  };

  start();
  return {
    name: options.name,
    pid: () => child?.pid,
    restarts: () => restarts,
    async stop(timeoutMs = 15_000) {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null) return;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), timeoutMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
