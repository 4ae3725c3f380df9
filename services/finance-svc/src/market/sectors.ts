import type { FmpClient } from '../fmp/fmp-client.ts';
import { type FmpSectorRow, fmpSectorSnapshot } from '../fmp/fmp-schemas.ts';
import { newYorkToday, shiftDate } from './market-time.ts';

/** Weekends, holidays and the hours before FMP has today's snapshot: look back this many days. */
const LOOKBACK_DAYS = 7;

/**
 * Sector performance for a heatmap: the most recent trading day's average change per sector.
 * FMP reports one row per sector and exchange; a sector's figure is the mean over its exchanges
 * (each exchange's figure is kept beside it), best sector first.
 */
export async function loadSectors(fmp: FmpClient, nowMs: number) {
  const today = newYorkToday(nowMs);
  for (let back = 0; back < LOOKBACK_DAYS; back++) {
    const date = shiftDate(today, { days: -back });
    const rows = await fmp.get('sector-performance-snapshot', { date }, fmpSectorSnapshot);
    if (rows.length > 0) return { date, sectors: bySector(rows) };
  }
  return { date: null, sectors: [] };
}

function bySector(rows: FmpSectorRow[]) {
  const groups = new Map<string, FmpSectorRow[]>();
  for (const row of rows) groups.set(row.sector, [...(groups.get(row.sector) ?? []), row]);
  return [...groups]
    .map(([sector, group]) => ({
      sector,
      changePercent: round(group.reduce((sum, row) => sum + row.averageChange, 0) / group.length),
      exchanges: group.map((row) => ({ exchange: row.exchange, changePercent: round(row.averageChange) })),
    }))
    .sort((a, b) => b.changePercent - a.changePercent);
}

const round = (value: number) => Number(value.toFixed(4));
