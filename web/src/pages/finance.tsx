import { Link } from 'wouter';
import { finance, type Mover, type Sectors } from '../api/finance.ts';
import { FailureNotice, isNotConfigured, SetupNotice } from '../components/setup-notice.tsx';
import { quoteHref, TickerBox } from '../components/ticker-box.tsx';
import { formatDate } from '../lib/format.ts';
import { direction, formatPercent, formatPrice, formatSigned, spokenChange } from '../lib/market-format.ts';
import { useRequest } from '../lib/use-request.ts';
import '../styles/pages.css';
import '../styles/finance.css';

/** The market at a glance: FMP knows these index symbols (the cache-worker keeps them warm). */
const INDICES = [
  { symbol: '^GSPC', name: 'S&P 500' },
  { symbol: '^DJI', name: 'Dow Jones' },
  { symbol: '^IXIC', name: 'Nasdaq' },
];

function IndexCard({ symbol, name }: { symbol: string; name: string }) {
  const [quote] = useRequest(`quote:${symbol}`, () => finance.quote(symbol));
  const [history] = useRequest(`history:${symbol}`, () => finance.history(symbol, '1D'));
  const data = quote.status === 'ok' ? quote.data : null;
  return (
    <Link href={quoteHref(symbol)} className="index-card">
      <span className="index-card__name">{name}</span>
      {data ? (
        <>
          <span className="index-card__price num">{formatPrice(data.price)}</span>
          <span className={`index-card__change num ${direction(data.change)}`}>
            {formatSigned(data.change)} ({formatPercent(data.changePercent)})
            <span className="visually-hidden">, {spokenChange(data.changePercent)} today</span>
          </span>
        </>
      ) : (
        <span className="muted">{quote.status === 'failed' ? 'Not available right now' : 'Loading…'}</span>
      )}
      {history.status === 'ok' && history.data.points.length > 1 ? (
        <Sparkline closes={history.data.points.map((point) => point.close)} tone={direction(data?.change)} />
      ) : null}
    </Link>
  );
}

/**
 * A small line of the day's closes, for the index cards (the quote page has the real chart),
 * coloured like the card's change against the previous close.
 */
function Sparkline({ closes, tone }: { closes: number[]; tone: string }) {
  const low = Math.min(...closes);
  const high = Math.max(...closes);
  const span = high - low || 1;
  const path = closes
    .map((close, index) => {
      const px = (index / (closes.length - 1)) * 100;
      const py = 28 - ((close - low) / span) * 26;
      return `${index === 0 ? 'M' : 'L'}${px.toFixed(2)},${py.toFixed(2)}`;
    })
    .join('');
  return (
    <svg className={`sparkline ${tone}`} viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
      <path d={path} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

function MoverList({ title, movers }: { title: string; movers: Mover[] }) {
  return (
    <section className="movers__column" aria-label={title}>
      <h3 className="section-label">{title}</h3>
      <ol className="movers__list">
        {movers.slice(0, 6).map((mover) => (
          <li key={mover.symbol}>
            <Link href={quoteHref(mover.symbol)} className="mover">
              <span className="mover__symbol">{mover.symbol}</span>
              <span className="mover__name">{mover.name ?? ''}</span>
              <span className="mover__price num">{formatPrice(mover.price)}</span>
              <span className={`mover__change num ${direction(mover.changePercent)}`}>
                {formatPercent(mover.changePercent)}
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A sector's tile: the stronger the move, the deeper the green or red (text stays readable). */
function SectorTile({ sector, changePercent }: Sectors['sectors'][number]) {
  const strength = Math.round(10 + Math.min(Math.abs(changePercent) / 1.5, 1) * 32);
  const colour = changePercent >= 0 ? 'var(--success)' : 'var(--danger)';
  return (
    <li
      className="sector"
      style={{ background: `color-mix(in srgb, ${colour} ${strength}%, var(--surface))` }}
      aria-label={`${sector}: ${spokenChange(changePercent)}`}
    >
      <span className="sector__name">{sector}</span>
      <span className="sector__change num">{formatPercent(changePercent)}</span>
    </li>
  );
}

/** Finance: index quotes, the day's movers, a sector heatmap, and a box to open any ticker. */
export function FinancePage() {
  const [movers, retryMovers] = useRequest('movers', finance.movers);
  const [sectors, retrySectors] = useRequest('sectors', finance.sectors);

  // Without FMP every call says so: one setup notice instead of a page of errors.
  if ([movers, sectors].some((load) => load.status === 'failed' && isNotConfigured(load.error))) {
    return (
      <div className="page page--wide finance">
        <h1>Finance</h1>
        <SetupNotice kind="finance" />
      </div>
    );
  }
  return (
    <div className="page page--wide finance">
      <div className="finance__top">
        <h1>Finance</h1>
        <TickerBox />
      </div>
      <ul className="index-cards" aria-label="Market indices">
        {INDICES.map((index) => (
          <li key={index.symbol}>
            <IndexCard symbol={index.symbol} name={index.name} />
          </li>
        ))}
      </ul>

      <div className="section-head">
        <h2>Today’s movers</h2>
      </div>
      {movers.status === 'ok' ? (
        <div className="movers">
          <MoverList title="Gainers" movers={movers.data.gainers} />
          <MoverList title="Losers" movers={movers.data.losers} />
          <MoverList title="Most active" movers={movers.data.mostActive} />
        </div>
      ) : movers.status === 'failed' ? (
        <FailureNotice error={movers.error} setup="finance" onRetry={retryMovers} />
      ) : (
        <p className="muted">Loading…</p>
      )}

      <div className="section-head">
        <h2>Sectors</h2>
        {sectors.status === 'ok' && sectors.data.date ? (
          <span className="muted">change on {formatDate(sectors.data.date)}</span>
        ) : null}
      </div>
      {sectors.status === 'ok' ? (
        sectors.data.sectors.length > 0 ? (
          <ul className="sectors" aria-label="Sector performance">
            {sectors.data.sectors.map((entry) => (
              <SectorTile key={entry.sector} {...entry} />
            ))}
          </ul>
        ) : (
          <p className="muted">No sector figures for the last week.</p>
        )
      ) : sectors.status === 'failed' ? (
        <FailureNotice error={sectors.error} setup="finance" onRetry={retrySectors} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}
