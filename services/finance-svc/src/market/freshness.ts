import type { Freshness } from '@perplexica/cache';

const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * How long each kind of answer is served as is (freshMs) and how long past that it may still be
 * served while one refresh runs (staleMs), sized to how fast the data changes and how much an
 * FMP call costs. A stale copy is also what keeps a page up while FMP fails.
 */
export const freshness = {
  /** Prices move by the second; a quarter hour old is the oldest still worth showing. */
  quote: { freshMs: 15 * second, staleMs: 15 * minute },
  /** The day's leaders change with every print, but slower than one quote. */
  movers: { freshMs: 1 * minute, staleMs: 30 * minute },
  /** A heatmap of sector averages: minutes are plenty. */
  sectors: { freshMs: 5 * minute, staleMs: 6 * hour },
  /** Analysts revise a few times a week. */
  ratings: { freshMs: 6 * hour, staleMs: 7 * day },
  /** The SEC publishes through the day; hours are plenty. */
  filings: { freshMs: 3 * hour, staleMs: 7 * day },
  /** Funds publish holdings daily at most. */
  etfHoldings: { freshMs: 12 * hour, staleMs: 7 * day },
  /** A company's description, CEO and sector change rarely. */
  profile: { freshMs: 1 * day, staleMs: 30 * day },
} satisfies Record<string, Freshness>;

/** Per chart range: the shorter the range, the more the last bars matter. */
export const historyFreshness = {
  '1D': { freshMs: 1 * minute, staleMs: 30 * minute },
  '5D': { freshMs: 5 * minute, staleMs: 2 * hour },
  '1M': { freshMs: 30 * minute, staleMs: 1 * day },
  '6M': { freshMs: 1 * hour, staleMs: 2 * day },
  YTD: { freshMs: 1 * hour, staleMs: 2 * day },
  '1Y': { freshMs: 1 * hour, staleMs: 2 * day },
  '5Y': { freshMs: 6 * hour, staleMs: 7 * day },
} satisfies Record<string, Freshness>;
