import type { FmpClient } from '../fmp/fmp-client.ts';
import { fmpDailyBars, fmpIntradayBars } from '../fmp/fmp-schemas.ts';
import { type SymbolExists, UNKNOWN_SYMBOL } from './cache-entry.ts';
import { newYorkToday, newYorkToIso, shiftDate } from './market-time.ts';

export const chartRanges = ['1D', '5D', '1M', '6M', 'YTD', '1Y', '5Y'] as const;
export type ChartRange = (typeof chartRanges)[number];

type Interval = '5min' | '30min' | '1hour' | '1day';

interface RangePlan {
  interval: Interval;
  /** First calendar day asked of FMP (New York). */
  from: (today: string) => string;
  /** For intraday ranges: keep the bars of this many most recent trading days. */
  tradingDays?: number;
}

/**
 * Which FMP series draws each chart range, at a resolution that gives a few dozen to a few
 * hundred points: intraday bars for the short ranges, end-of-day bars for the long ones. 1D and
 * 5D ask for more calendar days than they show, so weekends and holidays still leave enough
 * trading days; the last ones are kept.
 */
const plans: Record<ChartRange, RangePlan> = {
  '1D': { interval: '5min', from: (today) => shiftDate(today, { days: -7 }), tradingDays: 1 },
  '5D': { interval: '30min', from: (today) => shiftDate(today, { days: -14 }), tradingDays: 5 },
  '1M': { interval: '1hour', from: (today) => shiftDate(today, { months: -1 }) },
  '6M': { interval: '1day', from: (today) => shiftDate(today, { months: -6 }) },
  YTD: { interval: '1day', from: (today) => `${today.slice(0, 4)}-01-01` },
  '1Y': { interval: '1day', from: (today) => shiftDate(today, { years: -1 }) },
  '5Y': { interval: '1day', from: (today) => shiftDate(today, { years: -5 }) },
};

export interface PricePoint {
  /** The bar's start as a UTC instant; for daily bars, that day's 16:00 New York close. */
  time: string;
  /** The trading day in New York. */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | null;
}

export async function loadHistory(
  fmp: FmpClient,
  symbol: string,
  range: ChartRange,
  nowMs: number,
  symbolExists: SymbolExists,
) {
  const plan = plans[range];
  const today = newYorkToday(nowMs);
  const params = { symbol, from: plan.from(today), to: today };
  const bars =
    plan.interval === '1day'
      ? await fmp.get('historical-price-eod/full', params, fmpDailyBars)
      : await fmp.get(`historical-chart/${plan.interval}`, params, fmpIntradayBars);
  let points = bars
    .flatMap((bar): PricePoint[] => {
      const time = newYorkToIso(bar.date);
      if (time === null) return [];
      const { open, high, low, close, volume } = bar;
      return [{ time, date: bar.date.slice(0, 10), open, high, low, close, volume }];
    })
    .sort((a, b) => a.time.localeCompare(b.time));
  if (plan.tradingDays !== undefined) {
    const days = [...new Set(points.map((point) => point.date))].slice(-plan.tradingDays);
    points = points.filter((point) => days.includes(point.date));
  }
  if (points.length === 0 && !(await symbolExists(symbol))) return UNKNOWN_SYMBOL;
  return { symbol, range, interval: plan.interval, points, change: changeOver(points) };
}

/** From the open of the first bar to the close of the last: what the chart's headline shows. */
function changeOver(points: PricePoint[]) {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || first.open === 0) return null;
  const absolute = last.close - first.open;
  return { absolute: round(absolute, 4), percent: round((absolute / first.open) * 100, 4) };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
