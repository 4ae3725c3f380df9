import type { SwrCache } from '@perplexica/cache';
import { freshness } from '../freshness.ts';
import type { Season, Theme } from '../wire-schemas.ts';
import { allInspirationKeys } from './seasons.ts';

export interface RefreshReport {
  refreshed: string[];
  failed: { key: string; reason: string }[];
  /** Not finished by the deadline: never started, or still running (it will still be stored). */
  skipped: string[];
  durationMs: number;
}

/** Keys rebuilt at once: each is a dozen searches, and search-svc serves everyone else too. */
const CONCURRENCY = 4;

/**
 * Rebuilds every inspiration key (docs/pages.md, "Warming"). No key is started once `deadlineMs`
 * has passed, and the report is sent at the deadline at the latest, whatever is still running.
 * The deadline is wall-clock time, not the cache's clock: it is the caller's budget.
 */
export async function refreshInspiration(
  cache: SwrCache,
  build: (season: Season, theme: Theme) => Promise<unknown>,
  deadlineMs: number,
): Promise<RefreshReport> {
  const started = performance.now();
  const deadlineAt = started + deadlineMs;
  const keys = allInspirationKeys();
  const queue = [...keys];
  const outcome = new Map<string, { reason: string } | 'refreshed'>();

  const worker = async () => {
    for (let next = queue.shift(); next && performance.now() < deadlineAt; next = queue.shift()) {
      const { key, season, theme } = next;
      try {
        await cache.refresh(key, freshness.inspiration, () => build(season, theme));
        outcome.set(key, 'refreshed');
      } catch (error) {
        outcome.set(key, { reason: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadlineAt - performance.now()));
  });
  await Promise.race([Promise.all(Array.from({ length: CONCURRENCY }, worker)), deadline]);
  clearTimeout(timer);

  const report: RefreshReport = { refreshed: [], failed: [], skipped: [], durationMs: 0 };
  for (const { key } of keys) {
    const result = outcome.get(key);
    if (result === 'refreshed') report.refreshed.push(key);
    else if (result) report.failed.push({ key, reason: result.reason });
    else report.skipped.push(key);
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
