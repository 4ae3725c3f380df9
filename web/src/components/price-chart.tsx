import { type KeyboardEvent, type PointerEvent, useEffect, useId, useRef, useState } from 'react';
import type { PriceHistory, PricePoint } from '../api/finance.ts';
import { formatPercent, formatPrice, spokenChange } from '../lib/market-format.ts';

const HEIGHT = 240;
const PAD = { top: 12, right: 56, bottom: 26, left: 8 };
const MARKET_ZONE = 'America/New_York';

/** How a point's time reads on the axis and in the readout, by the chart's bar size. */
function timeLabel(point: PricePoint, history: PriceHistory, long: boolean): string {
  const at = new Date(point.time);
  if (history.interval === '5min') {
    return at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone: MARKET_ZONE });
  }
  if (history.interval === '30min' || history.interval === '1hour') {
    return at.toLocaleString(undefined, {
      weekday: 'short',
      day: 'numeric',
      ...(long ? { hour: '2-digit', minute: '2-digit' } : {}),
      timeZone: MARKET_ZONE,
    });
  }
  return at.toLocaleDateString(undefined, {
    day: history.range === '5Y' && !long ? undefined : 'numeric',
    month: 'short',
    year: history.range === '5Y' || long ? 'numeric' : undefined,
    timeZone: MARKET_ZONE,
  });
}

/** Three to five round prices across [low, high] for the grid. */
function gridPrices(low: number, high: number): number[] {
  const span = high - low || Math.abs(high) || 1;
  const rough = span / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const first = Math.ceil(low / step) * step;
  const prices: number[] = [];
  for (let price = first; price <= high + 1e-9; price += step) prices.push(Number(price.toFixed(6)));
  return prices;
}

/** The width the chart has, followed as the window or the layout changes. */
function useWidth() {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [box, width] as const;
}

/**
 * A price chart drawn as inline SVG: the closes as a line over a soft area, round prices on a
 * grid, a dashed line at the previous close for one day, and a readout that follows the pointer
 * or the arrow keys. Bars are spaced evenly (trading time), as market charts are, so nights and
 * weekends leave no gaps.
 */
export function PriceChart({
  history,
  label,
  previousClose,
}: {
  history: PriceHistory;
  /** What is charted, e.g. "Apple Inc. (AAPL)", for the description. */
  label: string;
  previousClose?: number | null;
}) {
  const [box, width] = useWidth();
  const [active, setActive] = useState<number | null>(null);
  const captionId = useId();
  const { points } = history;
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) {
    return <p className="muted">No trades in this range yet.</p>;
  }
  const closes = points.map((point) => point.close);
  const baseline = history.range === '1D' ? (previousClose ?? null) : null;
  const values = baseline === null ? closes : [...closes, baseline];
  const rawLow = Math.min(...values);
  const rawHigh = Math.max(...values);
  const pad = (rawHigh - rawLow) * 0.08 || Math.abs(rawHigh) * 0.01 || 1;
  const low = rawLow - pad;
  const high = rawHigh + pad;
  const plotWidth = Math.max(1, width - PAD.left - PAD.right);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (points.length === 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  const y = (price: number) => PAD.top + (1 - (price - low) / (high - low)) * plotHeight;
  const rising = (history.change?.absolute ?? last.close - first.open) >= 0;
  const tone = rising ? 'up' : 'down';
  const line = points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${y(point.close).toFixed(1)}`)
    .join('');
  const area = `${line}L${x(points.length - 1).toFixed(1)},${PAD.top + plotHeight}L${x(0).toFixed(1)},${PAD.top + plotHeight}Z`;
  // Five times along the axis where they fit, three on a phone.
  const shares = plotWidth < 420 ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
  const ticks = shares.map((share) => Math.round(share * (points.length - 1)));
  const uniqueTicks = [...new Set(ticks)];
  const shown = active === null ? null : points[active];
  const description = `${label}, ${history.range}: from ${formatPrice(first.open)} to ${formatPrice(last.close)}, ${spokenChange(history.change?.percent)}.`;

  const pick = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const share = (event.clientX - rect.left - PAD.left) / plotWidth;
    setActive(Math.min(points.length - 1, Math.max(0, Math.round(share * (points.length - 1)))));
  };
  const step = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      Home: -points.length,
      End: points.length,
    };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    setActive((current) => Math.min(points.length - 1, Math.max(0, (current ?? points.length - 1) + move)));
  };

  return (
    <figure className={`price-chart price-chart--${tone}`}>
      <div className="price-chart__readout" aria-live="polite">
        {shown ? (
          <>
            <strong className="num">{formatPrice(shown.close)}</strong>{' '}
            <span className="muted">{timeLabel(shown, history, true)}</span>
          </>
        ) : (
          <>
            <span className={`num ${tone}`}>{formatPercent(history.change?.percent)}</span>{' '}
            <span className="muted">over {history.range === 'YTD' ? 'the year to date' : history.range}</span>
          </>
        )}
      </div>
      {/* A slider over the bars: the arrow keys (or the pointer) move the readout along the chart. */}
      <div
        ref={box}
        className="price-chart__box"
        role="slider"
        aria-label={`${label} price, ${history.range}`}
        aria-valuemin={0}
        aria-valuemax={points.length - 1}
        aria-valuenow={active ?? points.length - 1}
        aria-valuetext={`${formatPrice((shown ?? last).close)} at ${timeLabel(shown ?? last, history, true)}`}
        aria-describedby={captionId}
        tabIndex={0}
        onPointerMove={pick}
        onPointerDown={pick}
        onPointerLeave={() => setActive(null)}
        onKeyDown={step}
        onBlur={() => setActive(null)}
      >
        {width > 0 ? (
          <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} aria-hidden="true">
            <defs>
              <linearGradient id="price-chart-fill" x1="0" x2="0" y1="0" y2="1">
                <stop offset="0%" className="price-chart__fill-top" />
                <stop offset="100%" className="price-chart__fill-bottom" />
              </linearGradient>
            </defs>
            {gridPrices(low, high).map((price) => (
              <g key={price} className="price-chart__grid">
                <line x1={PAD.left} x2={PAD.left + plotWidth} y1={y(price)} y2={y(price)} />
                <text x={PAD.left + plotWidth + 6} y={y(price)} dominantBaseline="middle">
                  {formatPrice(price)}
                </text>
              </g>
            ))}
            {baseline !== null ? (
              <line
                className="price-chart__baseline"
                x1={PAD.left}
                x2={PAD.left + plotWidth}
                y1={y(baseline)}
                y2={y(baseline)}
              >
                <title>Previous close {formatPrice(baseline)}</title>
              </line>
            ) : null}
            <path d={area} className="price-chart__area" fill="url(#price-chart-fill)" />
            <path d={line} className="price-chart__line" />
            {uniqueTicks.map((index, position) => (
              <text
                key={index}
                className="price-chart__time"
                x={x(index)}
                y={HEIGHT - 6}
                textAnchor={position === 0 ? 'start' : position === uniqueTicks.length - 1 ? 'end' : 'middle'}
              >
                {timeLabel(points[index] as PricePoint, history, false)}
              </text>
            ))}
            {shown && active !== null ? (
              <g className="price-chart__cursor">
                <line x1={x(active)} x2={x(active)} y1={PAD.top} y2={PAD.top + plotHeight} />
                <circle cx={x(active)} cy={y(shown.close)} r={4} />
              </g>
            ) : null}
          </svg>
        ) : null}
      </div>
      <figcaption id={captionId} className="visually-hidden">
        {description} Use the left and right arrow keys to read prices.
      </figcaption>
    </figure>
  );
}
