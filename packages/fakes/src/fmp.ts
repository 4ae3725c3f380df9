import type { ServerResponse } from 'node:http';
import { type FakeRequest, type FakeServer, sendJson, startFakeServer } from './fake-server.ts';

/**
 * A stand-in for Financial Modeling Prep's "stable" API (https://financialmodelingprep.com/stable/…):
 * the same paths, query parameters (`symbol`, `symbols`, `from`, `to`, `date`, `page`, `limit`,
 * `apikey`) and JSON shapes, with deterministic data for a handful of symbols. As FMP does, an
 * unknown symbol is a 200 with `[]`, a missing or wrong key a 401 `{"Error Message": …}`, and a
 * used-up quota a 429 `{"Error Message": "Limit Reach . …"}`.
 *
 * - ok: answers.
 * - error: 500 for every data request, as when FMP (or the CDN in front of it) fails.
 * - hang: accepts the request and never answers (until `close()`).
 * - rate_limited: 429 with FMP's "Limit Reach" body.
 */
export type FmpMode = 'ok' | 'error' | 'hang' | 'rate_limited';

export interface FakeFmpOptions {
  /** The only key accepted (query `apikey` or header `apikey`), as on a real account. */
  apiKey: string;
  latencyMs?: number;
}

export interface FakeFmp extends FakeServer {
  setMode(mode: FmpMode): void;
  /** Requests to `/stable/<endpoint>` so far (every endpoint without an argument), whatever the mode. */
  requestCount(endpoint?: string): number;
}

export const FMP_INVALID_KEY_MESSAGE =
  'Invalid API KEY. Feel free to create a Free API Key or visit https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid for more information.';
export const FMP_LIMIT_MESSAGE =
  'Limit Reach . Please upgrade your plan or visit our documentation for more details at https://site.financialmodelingprep.com/';

export interface FmpSecurity {
  name: string;
  kind: 'stock' | 'etf' | 'index';
  exchange: string;
  exchangeFullName: string;
  /** The quote's price; history moves around it. */
  price: number;
  /** Today's change against the previous close, in percent. */
  changePercent: number;
  volume: number;
  marketCap: number;
  sector: string;
  industry: string;
  cik: string;
}

/** The symbols the fake knows (tests compare normalised answers with these). */
export const FMP_SECURITIES: Readonly<Record<string, FmpSecurity>> = {
  AAPL: stock('Apple Inc.', 227.52, 1.24, 52_310_000, 3.41e12, 'Consumer Electronics', '0000320193'),
  MSFT: stock(
    'Microsoft Corporation',
    415.1,
    -0.62,
    19_870_000,
    3.09e12,
    'Software - Infrastructure',
    '0000789019',
  ),
  NVDA: stock('NVIDIA Corporation', 131.38, 3.05, 243_500_000, 3.22e12, 'Semiconductors', '0001045810'),
  TSLA: stock('Tesla, Inc.', 248.5, -2.11, 88_120_000, 7.93e11, 'Auto - Manufacturers', '0001318605'),
  SPY: fund('SPDR S&P 500 ETF Trust', 'AMEX', 'New York Stock Exchange Arca', 588.22, 0.41, '0000884394'),
  QQQ: fund('Invesco QQQ Trust, Series 1', 'NASDAQ', 'NASDAQ Global Market', 511.03, 0.58, '0001067839'),
  '^GSPC': index('S&P 500', 5881.63, 0.43),
  '^DJI': index('Dow Jones Industrial Average', 42_544.22, 0.16),
  '^IXIC': index('NASDAQ Composite', 19_310.79, 0.62),
};

function stock(
  name: string,
  price: number,
  changePercent: number,
  volume: number,
  marketCap: number,
  industry: string,
  cik: string,
): FmpSecurity {
  const sector = industry === 'Auto - Manufacturers' ? 'Consumer Cyclical' : 'Technology';
  return {
    name,
    kind: 'stock',
    exchange: 'NASDAQ',
    exchangeFullName: 'NASDAQ Global Select',
    price,
    changePercent,
    volume,
    marketCap,
    sector,
    industry,
    cik,
  };
}

function fund(
  name: string,
  exchange: string,
  exchangeFullName: string,
  price: number,
  changePercent: number,
  cik: string,
): FmpSecurity {
  return {
    name,
    kind: 'etf',
    exchange,
    exchangeFullName,
    price,
    changePercent,
    volume: 41_000_000,
    marketCap: 5.4e11,
    sector: 'Financial Services',
    industry: 'Asset Management',
    cik,
  };
}

function index(name: string, price: number, changePercent: number): FmpSecurity {
  return {
    name,
    kind: 'index',
    exchange: 'INDEX',
    exchangeFullName: 'INDEX',
    price,
    changePercent,
    volume: 3_100_000_000,
    marketCap: 0,
    sector: '',
    industry: '',
    cik: '',
  };
}

export async function startFakeFmp(options: FakeFmpOptions): Promise<FakeFmp> {
  let mode: FmpMode = 'ok';
  const counts = new Map<string, number>();

  const handle = (req: FakeRequest, res: ServerResponse) => {
    if (!req.path.startsWith('/stable/')) {
      return sendJson(res, 404, { 'Error Message': `Unknown endpoint ${req.path}` });
    }
    const endpoint = req.path.slice('/stable/'.length);
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    if (mode === 'hang') return;
    if (mode === 'error') return sendJson(res, 500, { 'Error Message': 'Internal Server Error' });
    const given = req.query.apikey ?? (req.headers.apikey as string | undefined);
    if (given !== options.apiKey) return sendJson(res, 401, { 'Error Message': FMP_INVALID_KEY_MESSAGE });
    if (mode === 'rate_limited') return sendJson(res, 429, { 'Error Message': FMP_LIMIT_MESSAGE });
    const answer = answerFor(endpoint, req.query, new Date());
    if ('missing' in answer) {
      return sendJson(res, 400, { 'Error Message': `Missing required query parameter: ${answer.missing}` });
    }
    if ('unknown' in answer) return sendJson(res, 404, { 'Error Message': `Unknown endpoint ${req.path}` });
    sendJson(res, 200, answer.body);
  };

  const server = await startFakeServer(handle, {
    latencyMs: options.latencyMs,
    onReset: () => {
      mode = 'ok';
      counts.clear();
    },
  });
  return Object.assign(server, {
    setMode(next: FmpMode) {
      mode = next;
    },
    requestCount(endpoint?: string) {
      if (endpoint !== undefined) return counts.get(endpoint.replace(/^\/?(stable\/)?/, '')) ?? 0;
      let total = 0;
      for (const count of counts.values()) total += count;
      return total;
    },
  });
}

type Answer = { body: unknown } | { missing: string } | { unknown: true };
type Query = Record<string, string>;

const intervals: Record<string, number> = {
  '1min': 1,
  '5min': 5,
  '15min': 15,
  '30min': 30,
  '1hour': 60,
  '4hour': 240,
};

function answerFor(endpoint: string, query: Query, now: Date): Answer {
  const symbol = query.symbol;
  const known = symbol ? FMP_SECURITIES[symbol] : undefined;
  const needsSymbol = (body: () => unknown): Answer => {
    if (!symbol) return { missing: 'symbol' };
    return { body: known ? body() : [] };
  };
  const intraday = /^historical-chart\/(\w+)$/.exec(endpoint);
  if (intraday) {
    const minutes = intervals[intraday[1] as string];
    if (!minutes) return { unknown: true };
    return needsSymbol(() => intradayBars(symbol as string, minutes, query, now));
  }
  switch (endpoint) {
    case 'quote':
      return needsSymbol(() => [quote(symbol as string, now)]);
    case 'batch-quote': {
      if (!query.symbols) return { missing: 'symbols' };
      const symbols = query.symbols.split(',').map((s) => s.trim());
      return { body: symbols.filter((s) => FMP_SECURITIES[s]).map((s) => quote(s, now)) };
    }
    case 'historical-price-eod/full':
      return needsSymbol(() => dailyBars(symbol as string, query, now));
    case 'profile':
      return needsSymbol(() => (known?.kind === 'index' ? [] : [profile(symbol as string)]));
    case 'biggest-gainers':
      return { body: movers('gainers') };
    case 'biggest-losers':
      return { body: movers('losers') };
    case 'most-actives':
      return { body: movers('actives') };
    case 'sector-performance-snapshot':
      if (!query.date) return { missing: 'date' };
      return { body: sectorSnapshot(query.date, query.exchange, now) };
    case 'grades-consensus':
      return needsSymbol(() => (known?.kind === 'stock' ? [gradesConsensus(symbol as string)] : []));
    case 'price-target-consensus':
      return needsSymbol(() => (known?.kind === 'stock' ? [priceTargets(symbol as string)] : []));
    case 'grades':
      return needsSymbol(() => (known?.kind === 'stock' ? grades(symbol as string, now) : []));
    case 'sec-filings-search/symbol':
      if (!query.from) return { missing: 'from' };
      if (!query.to) return { missing: 'to' };
      return needsSymbol(() => (known?.cik ? filings(symbol as string, query) : []));
    case 'etf/holdings':
      return needsSymbol(() => (known?.kind === 'etf' ? holdings(symbol as string) : []));
    default:
      return { unknown: true };
  }
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** A stable number in [0, 1) for a string, so every symbol moves differently but always the same way. */
function seed(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) / 2 ** 32;
}

/** "YYYY-MM-DD HH:mm:ss" in New York, where FMP's US timestamps live. */
function newYorkLocal(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const dayMs = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isWeekday = (date: string) => {
  const day = new Date(msOf(date)).getUTCDay();
  return day !== 0 && day !== 6;
};

/** Weekdays from `from` to `to`, newest first (FMP's order); no holidays in the fake's calendar. */
function tradingDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = msOf(to); ms >= msOf(from); ms -= dayMs) {
    const date = dateOf(ms);
    if (isWeekday(date)) days.push(date);
  }
  return days;
}

/** The price of a symbol at a point in time: a slow wave per day plus a small one per minute. */
function priceAt(symbol: string, date: string, minuteOfDay: number): number {
  const base = (FMP_SECURITIES[symbol] as FmpSecurity).price;
  const s = seed(symbol) * 10;
  const day = msOf(date) / dayMs;
  return base * (1 + 0.08 * Math.sin(day / 23 + s)) * (1 + 0.004 * Math.sin(minuteOfDay / 37 + s));
}

function quote(symbol: string, now: Date) {
  const security = FMP_SECURITIES[symbol] as FmpSecurity;
  const previousClose = round(security.price / (1 + security.changePercent / 100));
  return {
    symbol,
    name: security.name,
    price: security.price,
    changePercentage: security.changePercent,
    change: round(security.price - previousClose),
    volume: security.volume,
    dayLow: round(Math.min(security.price, previousClose) * 0.99),
    dayHigh: round(Math.max(security.price, previousClose) * 1.01),
    yearHigh: round(security.price * 1.18),
    yearLow: round(security.price * 0.72),
    marketCap: security.marketCap,
    priceAvg50: round(security.price * 0.97),
    priceAvg200: round(security.price * 0.91),
    exchange: security.exchange,
    open: round(previousClose * 1.002),
    previousClose,
    timestamp: Math.floor(now.getTime() / 1000),
  };
}

function dateWindow(query: Query, now: Date, defaultDays: number): { from: string; to: string } {
  const today = newYorkLocal(now).slice(0, 10);
  const to = query.to && query.to < today ? query.to : today;
  const from = query.from ?? dateOf(msOf(to) - defaultDays * dayMs);
  return { from, to };
}

function dailyBars(symbol: string, query: Query, now: Date) {
  const local = newYorkLocal(now);
  const { from, to } = dateWindow(query, now, 5 * 365);
  // Today's bar exists once the session has closed.
  const days = tradingDays(from, to).filter(
    (date) => date < local.slice(0, 10) || local.slice(11) >= '16:00',
  );
  return days.map((date) => {
    const open = priceAt(symbol, date, 0);
    const close = priceAt(symbol, date, 390);
    const volume = Math.round(
      (FMP_SECURITIES[symbol] as FmpSecurity).volume * (0.8 + seed(symbol + date) * 0.4),
    );
    return {
      symbol,
      date,
      open: round(open),
      high: round(Math.max(open, close) * 1.006),
      low: round(Math.min(open, close) * 0.994),
      close: round(close),
      volume,
      change: round(close - open),
      changePercent: round(((close - open) / open) * 100, 5),
      vwap: round((open + close) / 2, 4),
    };
  });
}

function intradayBars(symbol: string, minutes: number, query: Query, now: Date) {
  const local = newYorkLocal(now);
  const { from, to } = dateWindow(query, now, 3);
  const volume = (FMP_SECURITIES[symbol] as FmpSecurity).volume;
  const bars: Array<Record<string, number | string>> = [];
  for (const date of tradingDays(from, to)) {
    // The session runs 09:30–16:00 New York time; newest bar first, as FMP answers.
    for (let minute = 390 - minutes; minute >= 0; minute -= minutes) {
      const clock = 9 * 60 + 30 + minute;
      const stamp = `${date} ${String(Math.floor(clock / 60)).padStart(2, '0')}:${String(clock % 60).padStart(2, '0')}:00`;
      if (stamp > local) continue;
      const open = priceAt(symbol, date, minute);
      const close = priceAt(symbol, date, minute + minutes);
      bars.push({
        date: stamp,
        open: round(open),
        low: round(Math.min(open, close) * 0.999),
        high: round(Math.max(open, close) * 1.001),
        close: round(close),
        volume: Math.round((volume / 390) * minutes * (0.5 + seed(symbol + stamp))),
      });
    }
  }
  return bars;
}

function profile(symbol: string) {
  const security = FMP_SECURITIES[symbol] as FmpSecurity;
  const etf = security.kind === 'etf';
  return {
    symbol,
    price: security.price,
    marketCap: security.marketCap,
    beta: etf ? 1 : 1.24,
    lastDividend: etf ? 6.76 : 1,
    range: `${round(security.price * 0.72)}-${round(security.price * 1.18)}`,
    change: round(security.price - security.price / (1 + security.changePercent / 100)),
    changePercentage: security.changePercent,
    volume: security.volume,
    averageVolume: Math.round(security.volume * 1.1),
    companyName: security.name,
    currency: 'USD',
    cik: security.cik,
    isin: `US${security.cik.slice(-9)}0`,
    cusip: security.cik.slice(-9),
    exchangeFullName: security.exchangeFullName,
    exchange: security.exchange,
    industry: security.industry,
    website: `https://www.${symbol.toLowerCase()}.example.com`,
    description: `${security.name} is a fixture of the fake FMP server.`,
    ceo: etf ? '' : 'Jane Example',
    sector: security.sector,
    country: 'US',
    fullTimeEmployees: etf ? '' : '164000',
    phone: '(408) 996-1010',
    address: '1 Example Way',
    city: 'Cupertino',
    state: 'CA',
    zip: '95014',
    image: `https://images.financialmodelingprep.com/symbol/${symbol}.png`,
    ipoDate: '1980-12-12',
    defaultImage: false,
    isEtf: etf,
    isActivelyTrading: true,
    isAdr: false,
    isFund: false,
  };
}

const moverFixtures = {
  gainers: [
    ['LUNR', 'Intuitive Machines, Inc.', 14.82, 31.37],
    ['SOUN', 'SoundHound AI, Inc.', 6.91, 18.12],
    ['NVDA', 'NVIDIA Corporation', 131.38, 3.05],
    ['PLTR', 'Palantir Technologies Inc.', 61.74, 2.79],
  ],
  losers: [
    ['WBA', 'Walgreens Boots Alliance, Inc.', 9.21, -12.4],
    ['INTC', 'Intel Corporation', 19.87, -6.33],
    ['TSLA', 'Tesla, Inc.', 248.5, -2.11],
  ],
  actives: [
    ['NVDA', 'NVIDIA Corporation', 131.38, 3.05],
    ['TSLA', 'Tesla, Inc.', 248.5, -2.11],
    ['AAPL', 'Apple Inc.', 227.52, 1.24],
    ['INTC', 'Intel Corporation', 19.87, -6.33],
  ],
} as const;

function movers(list: keyof typeof moverFixtures) {
  return moverFixtures[list].map(([symbol, name, price, changesPercentage]) => ({
    symbol,
    price,
    name,
    change: round(price - price / (1 + changesPercentage / 100)),
    changesPercentage,
    exchange: 'NASDAQ',
  }));
}

export const FMP_SECTORS = [
  'Basic Materials',
  'Communication Services',
  'Consumer Cyclical',
  'Consumer Defensive',
  'Energy',
  'Financial Services',
  'Healthcare',
  'Industrials',
  'Real Estate',
  'Technology',
  'Utilities',
] as const;

/** One row per sector and exchange for a trading day; nothing for weekends or days to come. */
function sectorSnapshot(date: string, exchange: string | undefined, now: Date) {
  if (!isWeekday(date) || date > newYorkLocal(now).slice(0, 10)) return [];
  const exchanges = exchange ? [exchange] : ['NASDAQ', 'NYSE', 'AMEX'];
  return FMP_SECTORS.flatMap((sector) =>
    exchanges.map((name) => ({
      date,
      sector,
      exchange: name,
      averageChange: round((seed(sector + name + date) - 0.45) * 4, 6),
    })),
  );
}

function gradesConsensus(symbol: string) {
  const s = seed(symbol);
  const strongBuy = 1 + Math.floor(s * 5);
  const buy = 20 + Math.floor(s * 20);
  const hold = 8 + Math.floor(s * 10);
  return { symbol, strongBuy, buy, hold, sell: 2, strongSell: 0, consensus: 'Buy' };
}

function priceTargets(symbol: string) {
  const price = (FMP_SECURITIES[symbol] as FmpSecurity).price;
  return {
    symbol,
    targetHigh: round(price * 1.4),
    targetLow: round(price * 0.75),
    targetConsensus: round(price * 1.12),
    targetMedian: round(price * 1.1),
  };
}

const gradingFirms = [
  'Morgan Stanley',
  'Goldman Sachs',
  'JP Morgan',
  'Wedbush',
  'Barclays',
  'UBS',
  'Citigroup',
];
const gradeSteps = [
  ['Overweight', 'Overweight', 'maintain'],
  ['Buy', 'Neutral', 'upgrade'],
  ['Outperform', 'Outperform', 'maintain'],
  ['Neutral', 'Buy', 'downgrade'],
] as const;

/** Analysts' grade changes, newest first, one every nine days back from today. */
function grades(symbol: string, now: Date) {
  const today = msOf(newYorkLocal(now).slice(0, 10));
  return Array.from({ length: 30 }, (_, i) => {
    const [newGrade, previousGrade, action] = gradeSteps[
      i % gradeSteps.length
    ] as (typeof gradeSteps)[number];
    return {
      symbol,
      date: dateOf(today - (i + 1) * 9 * dayMs),
      gradingCompany: gradingFirms[i % gradingFirms.length],
      previousGrade,
      newGrade,
      action,
    };
  });
}

/**
 * Filings between `from` and `to`, newest first, paged with `page`/`limit` (default 100): a
 * 10-Q in February, May and August, the 10-K in November, an 8-K on the 5th of every month and a
 * Form 4 on the 20th.
 */
function filings(symbol: string, query: Query) {
  const { cik } = FMP_SECURITIES[symbol] as FmpSecurity;
  const rows: Array<Record<string, string>> = [];
  for (let ms = msOf(query.to as string); ms >= msOf(query.from as string); ms -= dayMs) {
    const date = dateOf(ms);
    const [, month, day] = date.split('-').map(Number) as [number, number, number];
    const forms: string[] = [];
    if (day === 20) forms.push('4');
    if (day === 5) forms.push('8-K');
    if (day === 1 && [2, 5, 8].includes(month)) forms.push('10-Q');
    if (day === 1 && month === 11) forms.push('10-K');
    for (const formType of forms) {
      const accession = `0000${cik.slice(-6)}${date.replaceAll('-', '')}${formType.replace(/\D/g, '')}`;
      const folder = `https://www.sec.gov/Archives/edgar/data/${Number(cik)}/${accession}`;
      rows.push({
        symbol,
        cik,
        filingDate: `${date} 00:00:00`,
        acceptedDate: `${date} 16:30:${formType === '4' ? '05' : '15'}`,
        formType,
        link: `${folder}-index.htm`,
        finalLink: `${folder}/${symbol.toLowerCase()}-${date.replaceAll('-', '')}.htm`,
      });
    }
  }
  const limit = Number(query.limit ?? 100);
  const page = Number(query.page ?? 0);
  return rows.slice(page * limit, (page + 1) * limit);
}

const holdingFixtures: Record<string, Array<[string, string, number]>> = {
  SPY: [
    ['AAPL', 'APPLE INC', 7.02],
    ['NVDA', 'NVIDIA CORP', 6.61],
    ['MSFT', 'MICROSOFT CORP', 6.25],
    ['AMZN', 'AMAZON.COM INC', 4.1],
    ['META', 'META PLATFORMS INC CLASS A', 2.59],
    ['GOOGL', 'ALPHABET INC CL A', 2.2],
    ['BRK-B', 'BERKSHIRE HATHAWAY INC CL B', 1.72],
    ['TSLA', 'TESLA INC', 2.3],
    ['AVGO', 'BROADCOM INC', 2.21],
    ['JPM', 'JPMORGAN CHASE + CO', 1.38],
  ],
  QQQ: [
    ['AAPL', 'Apple Inc.', 8.86],
    ['NVDA', 'NVIDIA Corporation', 8.41],
    ['MSFT', 'Microsoft Corporation', 7.92],
    ['AMZN', 'Amazon.com, Inc.', 5.52],
    ['AVGO', 'Broadcom Inc.', 5.3],
    ['META', 'Meta Platforms, Inc.', 5.07],
  ],
};

function holdings(symbol: string) {
  const fundValue = 5.4e11;
  return (holdingFixtures[symbol] ?? []).map(([asset, name, weightPercentage]) => {
    const marketValue = round((fundValue * weightPercentage) / 100);
    const assetPrice = FMP_SECURITIES[asset]?.price ?? 100 + seed(asset) * 400;
    return {
      symbol,
      asset,
      name,
      isin: `US${Math.floor(seed(asset) * 1e9)}0`,
      securityCusip: String(Math.floor(seed(asset) * 1e9)),
      sharesNumber: Math.round(marketValue / assetPrice),
      weightPercentage,
      marketValue,
      updatedAt: '2025-01-17 08:02:48',
      updated: '2025-01-17 08:02:48',
    };
  });
}
