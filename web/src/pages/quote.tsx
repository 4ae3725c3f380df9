import { type ReactNode, useState } from 'react';
import { Link } from 'wouter';
import { ApiFailure } from '../api/errors.ts';
import { type ChartRange, chartRanges, finance, isSymbol, type Quote } from '../api/finance.ts';
import {
  FilingsSection,
  HoldingsSection,
  ProfileSection,
  RatingsSection,
} from '../components/company-sections.tsx';
import { PriceChart } from '../components/price-chart.tsx';
import { FailureNotice, isNotConfigured, SetupNotice } from '../components/setup-notice.tsx';
import { TickerBox } from '../components/ticker-box.tsx';
import { formatDate } from '../lib/format.ts';
import {
  direction,
  formatCompact,
  formatPercent,
  formatPrice,
  formatSigned,
  spokenChange,
} from '../lib/market-format.ts';
import { type Loaded, useRequest } from '../lib/use-request.ts';
import '../styles/pages.css';
import '../styles/finance.css';

const rangeNames: Record<ChartRange, string> = {
  '1D': 'one day',
  '5D': 'five days',
  '1M': 'one month',
  '6M': 'six months',
  YTD: 'year to date',
  '1Y': 'one year',
  '5Y': 'five years',
};

const isUnknown = (error: unknown) => error instanceof ApiFailure && error.status === 404;

function KeyStats({ quote }: { quote: Quote }) {
  const range = (low: number | null, high: number | null) =>
    low === null || high === null ? '—' : `${formatPrice(low)} – ${formatPrice(high)}`;
  const stats: Array<[string, string]> = [
    ['Open', formatPrice(quote.open)],
    ['Previous close', formatPrice(quote.previousClose)],
    ['Day range', range(quote.dayLow, quote.dayHigh)],
    ['52-week range', range(quote.yearLow, quote.yearHigh)],
    ['Volume', formatCompact(quote.volume)],
    ['Market cap', quote.marketCap ? formatCompact(quote.marketCap) : '—'],
    ['50-day average', formatPrice(quote.priceAvg50)],
    ['200-day average', formatPrice(quote.priceAvg200)],
  ];
  return (
    <dl className="stats">
      {stats.map(([name, value]) => (
        <div key={name} className="stats__item">
          <dt>{name}</dt>
          <dd className="num">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Chart({ quote }: { quote: Quote }) {
  const [range, setRange] = useState<ChartRange>('1D');
  const [history, retry] = useRequest(`${quote.symbol}:${range}`, () => finance.history(quote.symbol, range));
  return (
    <section className="panel chart-panel" aria-label="Price chart">
      <fieldset className="range-picker">
        <legend className="visually-hidden">Chart range</legend>
        {chartRanges.map((value) => (
          <button
            key={value}
            type="button"
            className="tab"
            aria-pressed={value === range}
            aria-label={rangeNames[value]}
            onClick={() => setRange(value)}
          >
            {value}
          </button>
        ))}
      </fieldset>
      {history.status === 'ok' ? (
        <PriceChart
          history={history.data}
          label={`${quote.name ?? quote.symbol} (${quote.symbol})`}
          previousClose={quote.previousClose}
        />
      ) : history.status === 'failed' ? (
        <FailureNotice error={history.error} setup="finance" onRetry={retry} />
      ) : (
        <div className="price-chart__loading" aria-busy="true">
          <span className="muted">Loading the chart…</span>
        </div>
      )}
    </section>
  );
}

/** The rest of a ticker's page: company, fund holdings, analysts, filings. Each may be absent (an index has none). */
function Company({ quote }: { quote: Quote }) {
  const { symbol } = quote;
  const [profile] = useRequest(`profile:${symbol}`, () => finance.profile(symbol));
  const [ratings] = useRequest(`ratings:${symbol}`, () => finance.ratings(symbol));
  const [filings] = useRequest(`filings:${symbol}`, () => finance.filings(symbol));
  const isFund = profile.status === 'ok' && (profile.data.isEtf || profile.data.isFund);
  const [holdings] = useRequest(isFund ? `holdings:${symbol}` : null, () => finance.etfHoldings(symbol));
  // A part that could not be loaded is said once, in words; a part that does not exist is left out.
  const parts: Array<[string, Loaded<unknown>]> = [
    ['the company profile', profile],
    ['analyst ratings', ratings],
    ['filings', filings],
    ['fund holdings', holdings],
  ];
  const missing = parts
    .filter(([, load]) => load.status === 'failed' && !isUnknown(load.error))
    .map(([name]) => name);
  return (
    <>
      {profile.status === 'ok' ? <ProfileSection profile={profile.data} /> : null}
      {holdings.status === 'ok' ? <HoldingsSection holdings={holdings.data} /> : null}
      {ratings.status === 'ok' ? <RatingsSection ratings={ratings.data} price={quote.price} /> : null}
      {filings.status === 'ok' ? <FilingsSection filings={filings.data} /> : null}
      {missing.length > 0 ? (
        <p className="notice notice--warning">
          Could not load {missing.join(', ')} just now. Reload the page to try again.
        </p>
      ) : null}
    </>
  );
}

/** A ticker's page: its quote, a chart with a range picker, key figures, and what is known about it. */
export function QuotePage({ symbol: given }: { symbol: string }) {
  const symbol = given.trim().toUpperCase();
  const valid = isSymbol(symbol);
  const [quote, retry] = useRequest(valid ? `quote:${symbol}` : null, () => finance.quote(symbol));

  const frame = (body: ReactNode) => (
    <div className="page page--wide finance">
      <nav className="breadcrumb finance__crumbs" aria-label="Breadcrumb">
        <Link href="/finance">Finance</Link>
        <span aria-hidden="true"> / </span>
        <span>{symbol}</span>
      </nav>
      {body}
    </div>
  );

  if (!valid || (quote.status === 'failed' && isUnknown(quote.error))) {
    return frame(
      <section className="unknown-ticker" aria-labelledby="unknown">
        <h1 id="unknown">No ticker “{symbol}”</h1>
        <p>
          {valid
            ? `The market data provider does not know “${symbol}”. Check the spelling, or try the symbol the exchange uses (BRK-B rather than BRK.B, ^GSPC for the S&P 500).`
            : 'A ticker is 1 to 12 letters or digits, with ".", "-" or "^" if it has them, like AAPL, BRK-B or ^GSPC.'}
        </p>
        <TickerBox />
      </section>,
    );
  }
  if (quote.status === 'failed') {
    return frame(
      isNotConfigured(quote.error) ? (
        <SetupNotice kind="finance" />
      ) : (
        <>
          <h1>{symbol}</h1>
          <FailureNotice error={quote.error} onRetry={retry} />
        </>
      ),
    );
  }
  if (quote.status !== 'ok') {
    return frame(
      <p className="muted" aria-busy="true">
        Loading {symbol}…
      </p>,
    );
  }
  const data = quote.data;
  return frame(
    <>
      <header className="quote__head">
        <div>
          <h1 className="quote__name">{data.name ?? data.symbol}</h1>
          <p className="muted quote__symbol">
            {data.symbol}
            {data.exchange ? ` · ${data.exchange}` : ''}
          </p>
        </div>
        <div className="quote__price">
          <span className="quote__last num">{formatPrice(data.price)}</span>
          <span className={`quote__change num ${direction(data.change)}`}>
            {formatSigned(data.change)} ({formatPercent(data.changePercent)})
            <span className="visually-hidden">, {spokenChange(data.changePercent)} today</span>
          </span>
          {data.updatedAt ? (
            <span className="muted quote__time">
              as of {formatDate(data.updatedAt, { hour: '2-digit', minute: '2-digit' })}
            </span>
          ) : null}
        </div>
      </header>
      <Chart quote={data} />
      <KeyStats quote={data} />
      <Company quote={data} />
    </>,
  );
}
