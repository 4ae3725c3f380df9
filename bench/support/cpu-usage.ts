// CPU time per process over a stretch of a benchmark, read from /proc (Linux). It shows where an
// answer's CPU goes: each of our services, the benchmark process (client and doubles) and the rest
// of the machine (Postgres, Redis). Elsewhere it reports nothing rather than guessing.
import { readFileSync } from 'node:fs';

// Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream distribution.
const TICKS_PER_SECOND = 100;

function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

function machineTicks(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    const numbers = values.slice(0, 8).map(Number);
    return numbers.reduce((sum, value) => sum + value, 0) - (numbers[3] ?? 0) - (numbers[4] ?? 0);
  } catch {
    return null;
  }
}

export interface CpuSnapshot {
  processes: Map<string, number | null>;
  machine: number | null;
}

export function cpuSnapshot(pids: Record<string, number>): CpuSnapshot {
  return {
    processes: new Map(Object.entries(pids).map(([name, pid]) => [name, processTicks(pid)])),
    machine: machineTicks(),
  };
}

/** CPU milliseconds each process (and "rest of machine") used between two snapshots, per unit of work. */
export function cpuPerUnit(before: CpuSnapshot, after: CpuSnapshot, units: number): [string, number][] {
  const rows: [string, number][] = [];
  let ours = 0;
  for (const [name, start] of before.processes) {
    const end = after.processes.get(name);
    if (start === null || end === null || end === undefined) continue;
    const ms = ((end - start) * 1_000) / TICKS_PER_SECOND;
    ours += ms;
    rows.push([name, ms / units]);
  }
  if (before.machine !== null && after.machine !== null) {
    const total = ((after.machine - before.machine) * 1_000) / TICKS_PER_SECOND;
    rows.push(['rest of machine (Postgres, Redis, ...)', Math.max(0, total - ours) / units]);
    rows.push(['total', total / units]);
  }
  return rows;
}
