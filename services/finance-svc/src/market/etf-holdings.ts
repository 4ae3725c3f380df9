import type { FmpClient } from '../fmp/fmp-client.ts';
import { fmpEtfHoldings } from '../fmp/fmp-schemas.ts';
import { type SymbolExists, UNKNOWN_SYMBOL } from './cache-entry.ts';
import { newYorkToIso } from './market-time.ts';

/** Broad bond funds hold thousands of lines; the page shows the largest. */
const MAX_HOLDINGS = 500;

/** What an ETF or fund holds, largest weight first. A stock has no holdings: an empty list. */
export async function loadEtfHoldings(fmp: FmpClient, symbol: string, symbolExists: SymbolExists) {
  const rows = await fmp.get('etf/holdings', { symbol }, fmpEtfHoldings);
  if (rows.length === 0 && !(await symbolExists(symbol))) return UNKNOWN_SYMBOL;
  const sorted = [...rows].sort((a, b) => (b.weightPercentage ?? 0) - (a.weightPercentage ?? 0));
  const updated = rows.map((row) => row.updated ?? row.updatedAt).find((value) => value !== null);
  return {
    symbol,
    updatedAt: updated ? newYorkToIso(updated) : null,
    total: rows.length,
    holdings: sorted.slice(0, MAX_HOLDINGS).map((row) => ({
      symbol: row.asset,
      name: row.name,
      weightPercent: row.weightPercentage,
      shares: row.sharesNumber,
      marketValue: row.marketValue,
      isin: row.isin,
      cusip: row.securityCusip,
    })),
  };
}
