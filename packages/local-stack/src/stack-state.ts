import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a running `pnpm start` leaves in its data folder for other commands (`pnpm ingest`). */
export interface StackState {
  gatewayUrl: string;
  postgresUrl: string;
  /** The launcher's process id. */
  pid: number;
}

export const stackStatePath = (dataDir: string) => join(dataDir, 'stack.json');

/** The running stack's state, or null when no stack runs from this data folder. */
export async function readStackState(dataDir: string): Promise<StackState | null> {
  try {
    const state = JSON.parse(await readFile(stackStatePath(dataDir), 'utf8')) as StackState;
    // A stack that was killed leaves its file behind: only a live launcher counts.
    process.kill(state.pid, 0);
    return state;
  } catch {
    return null;
  }
}
