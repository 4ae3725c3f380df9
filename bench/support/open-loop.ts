// An open-loop load generator: requests start on a fixed schedule (rate per second) whatever
// the previous ones are doing, as real users arrive, so a slow system shows up as latency and
// errors instead of quietly lowering the rate. Bounded by duration and by requests in flight.

export interface Outcome {
  kind: string;
  /** The latency that counts: full response for JSON, time to the first answer token for asks. */
  latencyMs: number;
  /** Asks only: time to the whole answer. */
  totalMs?: number;
  /** undefined when it succeeded; otherwise what went wrong ("status 503", "timeout", ...). */
  error?: string;
}

export interface OpenLoopResult {
  sent: number;
  elapsedMs: number;
  outcomes: Outcome[];
  /** Requests not sent because too many were already in flight. */
  shed: number;
}

export async function runOpenLoop(options: {
  ratePerSecond: number;
  durationMs: number;
  maxInFlight: number;
  next: (index: number) => Promise<Outcome>;
}): Promise<OpenLoopResult> {
  const interval = 1_000 / options.ratePerSecond;
  const total = Math.floor((options.durationMs / 1_000) * options.ratePerSecond);
  const outcomes: Outcome[] = [];
  const pending = new Set<Promise<void>>();
  let shed = 0;
  const started = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (pending.size >= options.maxInFlight) {
      shed += 1;
      outcomes.push({ kind: 'shed', latencyMs: Number.NaN, error: 'client: too many in flight' });
      continue;
    }
    const request = options
      .next(index)
      .catch((error: Error) => ({
        kind: 'unknown',
        latencyMs: Number.NaN,
        error: `client: ${error.message}`,
      }))
      .then((outcome) => {
        outcomes.push(outcome);
      });
    const tracked = request.finally(() => pending.delete(tracked));
    pending.add(tracked);
  }
  await Promise.all(pending);
  return { sent: total - shed, elapsedMs: performance.now() - started, outcomes, shed };
}

export const percentile = (values: number[], p: number): number => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

/** "status 503 x3, timeout x1" */
export function errorsByKind(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    if (outcome.error) counts.set(outcome.error, (counts.get(outcome.error) ?? 0) + 1);
  }
  return [...counts].map(([error, count]) => `${error} x${count}`).join(', ') || 'none';
}
