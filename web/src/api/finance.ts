import { api } from './client.ts';

/** finance-svc's shapes (services/finance-svc/README.md); numbers FMP leaves out are null. */

export interface Quote {
  symbol: string;
  name: string | null;
  exchange: string | null;
  price: number | null;
  change: number | null;
  changePercent: number | null;
  open: number | null;
  previousClose: number | null;
  dayLow: number | null;
  dayHigh: number | null;
  yearLow: number | null;
  yearHigh: number | null;
  volume: number | null;
  marketCap: number | null;
  priceAvg50: number | null;
  priceAvg200: number | null;
  updatedAt: string | null;
}

export const chartRanges = ['1D', '5D', '1M', '6M', 'YTD', '1Y', '5Y'] as const;
export type ChartRange = (typeof chartRanges)[number];

export interface PricePoint {
  time: string;
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | null;
}

export interface PriceHistory {
  symbol: string;
  range: ChartRange;
  interval: '5min' | '30min' | '1hour' | '1day';
  points: PricePoint[];
  change: { absolute: number; percent: number } | null;
}

export interface Mover {
  symbol: string;
  name: string | null;
  exchange: string | null;
  price: number | null;
  change: number | null;
  changePercent: number | null;
}

export interface Movers {
  gainers: Mover[];
  losers: Mover[];
  mostActive: Mover[];
}

export interface Sectors {
  date: string | null;
  sectors: Array<{ sector: string; changePercent: number }>;
}

export interface Ratings {
  symbol: string;
  consensus: {
    rating: string | null;
    strongBuy: number;
    buy: number;
    hold: number;
    sell: number;
    strongSell: number;
    analysts: number;
  } | null;
  priceTarget: {
    high: number | null;
    low: number | null;
    average: number | null;
    median: number | null;
  } | null;
  recentGrades: Array<{
    date: string;
    firm: string;
    action: string | null;
    previousGrade: string | null;
    newGrade: string | null;
  }>;
}

export interface Filings {
  symbol: string;
  from: string;
  to: string;
  filings: Array<{
    formType: string;
    filedAt: string | null;
    acceptedAt: string | null;
    url: string | null;
    indexUrl: string | null;
  }>;
}

export interface EtfHoldings {
  symbol: string;
  updatedAt: string | null;
  total: number;
  holdings: Array<{
    symbol: string | null;
    name: string | null;
    weightPercent: number | null;
    marketValue: number | null;
  }>;
}

export interface Profile {
  symbol: string;
  name: string | null;
  exchange: string | null;
  exchangeName: string | null;
  currency: string | null;
  sector: string | null;
  industry: string | null;
  country: string | null;
  ceo: string | null;
  employees: number | null;
  website: string | null;
  description: string | null;
  ipoDate: string | null;
  image: string | null;
  marketCap: number | null;
  beta: number | null;
  lastDividend: number | null;
  isEtf: boolean;
  isFund: boolean;
}

/** `^GSPC` travels as `%5EGSPC`. */
const path = (symbol: string) => encodeURIComponent(symbol.toUpperCase());

export const finance = {
  quote: (symbol: string) => api<Quote>(`/api/v1/finance/quote/${path(symbol)}`),
  history: (symbol: string, range: ChartRange) =>
    api<PriceHistory>(`/api/v1/finance/history/${path(symbol)}?range=${range}`),
  movers: () => api<Movers>('/api/v1/finance/movers'),
  sectors: () => api<Sectors>('/api/v1/finance/sectors'),
  ratings: (symbol: string) => api<Ratings>(`/api/v1/finance/ratings/${path(symbol)}`),
  filings: (symbol: string) => api<Filings>(`/api/v1/finance/filings/${path(symbol)}`),
  etfHoldings: (symbol: string) => api<EtfHoldings>(`/api/v1/finance/etf/${path(symbol)}/holdings`),
  profile: (symbol: string) => api<Profile>(`/api/v1/finance/profile/${path(symbol)}`),
};

/** finance-svc's own rule (README, "Symbols"), checked before asking it. */
export const isSymbol = (text: string) => /^[A-Z0-9.^-]{1,12}$/.test(text) && /[A-Z0-9]/.test(text);
