import { parseArgs } from 'node:util';

export const tasks = ['discover', 'finance', 'travel'] as const;
export type Task = (typeof tasks)[number];

export interface WorkerArgs {
  tasks: Task[];
  /** --task=all (or none): the catch-all run, which leaves tasks refreshed recently alone. */
  all: boolean;
  /** How long this run may take in all, if the command line says. */
  deadlineSeconds: number | undefined;
}

/** Thrown for a command line we cannot run; main prints it with the usage and exits 2. */
export class UsageError extends Error {}

export const USAGE = 'usage: cache-worker --task=discover|finance|travel|all [--deadline-seconds=N]';

export function parseWorkerArgs(argv: string[]): WorkerArgs {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { task: { type: 'string' }; 'deadline-seconds': { type: 'string' } } }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { task: { type: 'string' }, 'deadline-seconds': { type: 'string' } },
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const task = parsed.values.task ?? 'all';
  const chosen = task === 'all' ? [...tasks] : tasks.filter((name) => name === task);
  if (chosen.length === 0) throw new UsageError(`unknown task "${task}"`);
  const raw = parsed.values['deadline-seconds'];
  const deadlineSeconds = raw === undefined ? undefined : Number(raw);
  if (deadlineSeconds !== undefined && !(Number.isInteger(deadlineSeconds) && deadlineSeconds > 0)) {
    throw new UsageError(`--deadline-seconds must be a positive whole number, not "${raw}"`);
  }
  return { tasks: chosen, all: task === 'all', deadlineSeconds };
}
