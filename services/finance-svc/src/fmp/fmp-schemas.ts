import { z } from 'zod';

/**
 * The parts of FMP's stable answers we read, named as FMP names them. Lenient on purpose: a
 * missing or null number becomes null, and a malformed row of a list is dropped rather than
 * failing the whole answer (FMP's data has holes; one bad row should not blank a page).
 */
const num = z
  .number()
  .nullish()
  .transform((value) => (value === undefined || value === null || !Number.isFinite(value) ? null : value));
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === undefined || value === null || value === '' ? null : String(value)));

/** An array whose rows are validated one by one; invalid rows are left out. */
function rows<S extends z.ZodType>(row: S) {
  return z.array(z.unknown()).transform((items) =>
    items.flatMap((item) => {
      const parsed = row.safeParse(item);
      return parsed.success ? [parsed.data as z.infer<S>] : [];
    }),
  );
}

/** /stable/quote and /stable/batch-quote */
export const fmpQuote = z.object({
  symbol: z.string(),
  name: text,
  price: z.number(),
  changePercentage: num,
  change: num,
  volume: num,
  dayLow: num,
  dayHigh: num,
  yearHigh: num,
  yearLow: num,
  marketCap: num,
  priceAvg50: num,
  priceAvg200: num,
  exchange: text,
  open: num,
  previousClose: num,
  timestamp: num,
});
export type FmpQuote = z.infer<typeof fmpQuote>;
export const fmpQuotes = rows(fmpQuote);

/** /stable/historical-price-eod/full: newest first. */
export const fmpDailyBars = rows(
  z.object({
    date: z.string(),
    open: z.number(),
    high: z.number(),
    low: z.number(),
    close: z.number(),
    volume: num,
  }),
);

/** /stable/historical-chart/{interval}: "YYYY-MM-DD HH:mm:ss" New York time, newest first. */
export const fmpIntradayBars = fmpDailyBars;

/** /stable/biggest-gainers, /biggest-losers, /most-actives (note: changesPercentage, with an s). */
export type FmpMover = z.output<typeof fmpMovers>[number];
export const fmpMovers = rows(
  z.object({
    symbol: z.string(),
    name: text,
    price: num,
    change: num,
    changesPercentage: num,
    exchange: text,
  }),
);

/** /stable/sector-performance-snapshot?date= : one row per sector and exchange. */
export type FmpSectorRow = z.output<typeof fmpSectorSnapshot>[number];
export const fmpSectorSnapshot = rows(
  z.object({
    date: z.string(),
    sector: z.string(),
    exchange: text,
    averageChange: z.number(),
  }),
);

/** /stable/grades-consensus */
export const fmpGradesConsensus = rows(
  z.object({
    symbol: z.string(),
    strongBuy: num,
    buy: num,
    hold: num,
    sell: num,
    strongSell: num,
    consensus: text,
  }),
);

/** /stable/price-target-consensus */
export const fmpPriceTargets = rows(
  z.object({
    symbol: z.string(),
    targetHigh: num,
    targetLow: num,
    targetConsensus: num,
    targetMedian: num,
  }),
);

/** /stable/grades: analysts' grade changes, newest first. */
export const fmpGrades = rows(
  z.object({
    date: z.string(),
    gradingCompany: text,
    previousGrade: text,
    newGrade: text,
    action: text,
  }),
);

/** /stable/sec-filings-search/symbol */
export const fmpFilings = rows(
  z.object({
    symbol: text,
    cik: text,
    filingDate: z.string(),
    acceptedDate: text,
    formType: z.string(),
    link: text,
    finalLink: text,
  }),
);

/** /stable/etf/holdings */
export const fmpEtfHoldings = rows(
  z.object({
    asset: text,
    name: text,
    isin: text,
    securityCusip: text,
    sharesNumber: num,
    weightPercentage: num,
    marketValue: num,
    updatedAt: text,
    updated: text,
  }),
);

/** /stable/profile */
export const fmpProfiles = rows(
  z.object({
    symbol: z.string(),
    companyName: text,
    price: num,
    marketCap: num,
    beta: num,
    lastDividend: num,
    range: text,
    volume: num,
    averageVolume: num,
    currency: text,
    cik: text,
    isin: text,
    cusip: text,
    exchange: text,
    exchangeFullName: text,
    industry: text,
    sector: text,
    website: text,
    description: text,
    ceo: text,
    country: text,
    fullTimeEmployees: text,
    phone: text,
    address: text,
    city: text,
    state: text,
    zip: text,
    image: text,
    ipoDate: text,
    isEtf: z.boolean().nullish(),
    isFund: z.boolean().nullish(),
    isAdr: z.boolean().nullish(),
    isActivelyTrading: z.boolean().nullish(),
  }),
);
