import { formatCompact } from './chart-model.tsx';

/** Room around the plot: value labels on the left, category labels below. */
export const PLOT_PAD = { top: 12, right: 12, bottom: 30, left: 52 };

/** Round values across [low, high] for grid lines, the range widened to take them in. */
export function niceScale(
  low: number,
  high: number,
  count = 5,
): { min: number; max: number; ticks: number[] } {
  const from = Math.min(low, high);
  const to = Math.max(low, high);
  const span = to - from || Math.abs(to) || 1;
  const rough = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const min = Math.floor(from / step) * step;
  const max = Math.max(min + step, Math.ceil(to / step) * step);
  const ticks: number[] = [];
  for (let value = min; value <= max + step / 1e6; value += step) ticks.push(Number(value.toPrecision(12)));
  return { min, max, ticks };
}

export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
  /** A value's height in the plot. */
  y: (value: number) => number;
}

/** The plot area of a chart of this size over [min, max]. */
export function plotFor(width: number, height: number, min: number, max: number): Plot {
  const plotWidth = Math.max(1, width - PLOT_PAD.left - PLOT_PAD.right);
  const plotHeight = Math.max(1, height - PLOT_PAD.top - PLOT_PAD.bottom);
  return {
    left: PLOT_PAD.left,
    top: PLOT_PAD.top,
    width: plotWidth,
    height: plotHeight,
    y: (value) => PLOT_PAD.top + (1 - (value - min) / (max - min || 1)) * plotHeight,
  };
}

/** Horizontal grid lines with their values, the zero line stronger. */
export function ValueGrid({ plot, ticks }: { plot: Plot; ticks: number[] }) {
  return (
    <g className="chart__grid">
      {ticks.map((value) => (
        <g key={value}>
          <line
            className={value === 0 ? 'chart__zero' : undefined}
            x1={plot.left}
            x2={plot.left + plot.width}
            y1={plot.y(value)}
            y2={plot.y(value)}
          />
          <text x={plot.left - 6} y={plot.y(value)} textAnchor="end" dominantBaseline="middle">
            {formatCompact(value)}
          </text>
        </g>
      ))}
    </g>
  );
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Category names under the plot, as many as fit side by side (every other one, every third…),
 * each cut short to its room; the full names are in the marks' titles and the table of numbers.
 */
export function CategoryLabels({
  plot,
  categories,
  xOf,
}: {
  plot: Plot;
  categories: readonly string[];
  xOf: (index: number) => number;
}) {
  const fit = Math.max(1, Math.floor(plot.width / 72));
  const every = Math.ceil(categories.length / fit);
  const room = Math.max(4, Math.floor(plot.width / Math.min(fit, categories.length || 1) / 7));
  return (
    <g className="chart__labels">
      {categories.map((category, index) =>
        index % every === 0 ? (
          <text
            // Categories may repeat (one per row): the position keeps keys unique.
            key={`${index}-${category}`}
            x={xOf(index)}
            y={plot.top + plot.height + 18}
            textAnchor="middle"
          >
            {shorten(category, room)}
          </text>
        ) : null,
      )}
    </g>
  );
}
