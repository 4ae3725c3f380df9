import type { FmpClient } from '../fmp/fmp-client.ts';
import { fmpFilings } from '../fmp/fmp-schemas.ts';
import { type SymbolExists, UNKNOWN_SYMBOL } from './cache-entry.ts';
import { newYorkToday, newYorkToIso, shiftDate } from './market-time.ts';

/** Half a year covers the last 10-K or two 10-Qs, and the 8-Ks and Form 4s in between. */
const WINDOW_DAYS = 180;
const MAX_FILINGS = 100;

/** A symbol's SEC filings of the last half year, newest first. */
export async function loadFilings(fmp: FmpClient, symbol: string, nowMs: number, symbolExists: SymbolExists) {
  const to = newYorkToday(nowMs);
  const from = shiftDate(to, { days: -WINDOW_DAYS });
  const rows = await fmp.get(
    'sec-filings-search/symbol',
    { symbol, from, to, page: 0, limit: MAX_FILINGS },
    fmpFilings,
  );
  if (rows.length === 0 && !(await symbolExists(symbol))) return UNKNOWN_SYMBOL;
  const filings = rows
    .map((row) => ({
      formType: row.formType,
      filedAt: row.filingDate.slice(0, 10),
      /** When EDGAR accepted it (FMP gives New York time). */
      acceptedAt: row.acceptedDate ? newYorkToIso(row.acceptedDate) : null,
      /** The filing's main document. */
      url: row.finalLink ?? row.link,
      /** EDGAR's index page of the filing, with every exhibit. */
      indexUrl: row.link,
      cik: row.cik,
    }))
    .sort((a, b) => (b.acceptedAt ?? b.filedAt).localeCompare(a.acceptedAt ?? a.filedAt));
  return { symbol, from, to, filings };
}
