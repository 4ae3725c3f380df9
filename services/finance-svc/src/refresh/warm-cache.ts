import type { SwrCache } from '@perplexica/cache';
import type { FmpClient } from '../fmp/fmp-client.ts';
import { type CacheEntry, UNKNOWN_SYMBOL_JSON } from '../market/cache-entry.ts';
import { type MarketCatalog, warmedKeys } from '../market/market-catalog.ts';
import { loadQuoteBatch, type QuoteView } from '../market/quotes.ts';

export interface RefreshReport {
  refreshed: string[];
  failed: Array<{ key: string; reason: string }>;
  skipped: string[];
  durationMs: number;
}

export interface WarmCacheOptions {
  fmp: FmpClient;
  cache: SwrCache;
  catalog: MarketCatalog;
  /** The quotes to keep warm (FINANCE_WARM_SYMBOLS). */
  symbols: string[];
  /** No key is started once this much time has passed; those are reported as skipped. */
  deadlineMs: number;
  now: () => number;
  /** Keys refreshed at once: FMP calls run in parallel, without a burst against its rate limit. */
  concurrency?: number;
}

/** Every key the refresh route warms, in the order it warms them. */
export function keysToWarm(symbols: string[]): string[] {
  return [warmedKeys.movers, warmedKeys.sectors, ...symbols.map(warmedKeys.quote)];
}

type Outcome = { state: 'refreshed' } | { state: 'failed'; reason: string } | { state: 'skipped' };

/**
 * What the finance page opens with, recomputed now (docs/pages.md, "Warming"): movers, sectors
 * and the quotes of the warm list. The quotes come from one batch call to FMP; a symbol the batch
 * leaves out is asked for on its own, and one FMP does not know at all is reported as failed (a
 * typo in FINANCE_WARM_SYMBOLS should be seen, not warmed forever as a 404).
 */
export async function warmCache(options: WarmCacheOptions): Promise<RefreshReport> {
  const { cache, catalog, now } = options;
  const started = now();
  let batch: Promise<Map<string, QuoteView>> | undefined;
  const batchQuotes = () => {
    batch ??= loadQuoteBatch(options.fmp, options.symbols);
    return batch;
  };

  const renew = async (entry: CacheEntry, load = entry.load) => {
    const cached = await cache.refresh(entry.key, entry.freshness, load);
    if (cached.json === UNKNOWN_SYMBOL_JSON) throw new Error(entry.notFound);
  };
  const tasks: Array<{ key: string; run: () => Promise<void> }> = [
    { key: warmedKeys.movers, run: () => renew(catalog.movers()) },
    { key: warmedKeys.sectors, run: () => renew(catalog.sectors()) },
    ...options.symbols.map((symbol) => {
      const entry = catalog.quote(symbol);
      return {
        key: entry.key,
        run: () => renew(entry, async () => (await batchQuotes()).get(symbol) ?? entry.load()),
      };
    }),
  ];

  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index] as (typeof tasks)[number];
      if (now() - started >= options.deadlineMs) {
        outcomes[index] = { state: 'skipped' };
        continue;
      }
      try {
        await task.run();
        outcomes[index] = { state: 'refreshed' };
      } catch (error) {
        outcomes[index] = { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, tasks.length) }, worker));

  const report: RefreshReport = { refreshed: [], failed: [], skipped: [], durationMs: 0 };
  tasks.forEach((task, index) => {
    const outcome = outcomes[index] as Outcome;
    if (outcome.state === 'failed') report.failed.push({ key: task.key, reason: outcome.reason });
    else report[outcome.state].push(task.key);
  });
  report.durationMs = Math.round(now() - started);
  return report;
}
