import { CategoryLabels, niceScale, plotFor, ValueGrid } from './chart-axes.tsx';
import { type ChartModel, type ChartSize, formatValue } from './chart-model.tsx';

/** The lowest and highest a bar reaches: stacks add up (positives up, negatives down), 0 always in. */
function extent(model: ChartModel, stacked: boolean): [number, number] {
  let low = 0;
  let high = 0;
  for (let index = 0; index < model.categories.length; index += 1) {
    let up = 0;
    let down = 0;
    for (const series of model.series) {
      const value = series.values[index] ?? null;
      if (value === null) continue;
      if (stacked) {
        if (value >= 0) up += value;
        else down += value;
      } else {
        up = Math.max(up, value);
        down = Math.min(down, value);
      }
    }
    high = Math.max(high, up);
    low = Math.min(low, down);
  }
  return [low, high];
}

/**
 * Bars: one band per category, its series side by side (grouped) or on top of each other
 * (stacked). Each bar is a mark titled with its category, series and value.
 */
export function ChartBars({
  model,
  size,
  stacked,
}: {
  model: ChartModel;
  size: ChartSize;
  stacked: boolean;
}) {
  const [low, high] = extent(model, stacked);
  const scale = niceScale(low, high);
  const plot = plotFor(size.width, size.height, scale.min, scale.max);
  const count = Math.max(1, model.categories.length);
  const band = plot.width / count;
  const groups = stacked ? 1 : Math.max(1, model.series.length);
  // Few categories on a wide chart would make slabs: a bar is at most 64 px wide.
  const inner = Math.min(band * (count > 40 ? 0.9 : 0.75), groups * 64);
  const barWidth = Math.max(1, inner / groups);
  const center = (index: number) => plot.left + band * (index + 0.5);
  const zero = plot.y(0);
  const marks = model.categories.flatMap((category, index) => {
    let up = 0;
    let down = 0;
    return model.series.map((series, s) => {
      const value = series.values[index] ?? null;
      if (value === null) return null;
      let from = 0;
      if (stacked) {
        from = value >= 0 ? up : down;
        if (value >= 0) up += value;
        else down += value;
      }
      const y1 = plot.y(from);
      const y2 = plot.y(from + value);
      const x = stacked ? center(index) - inner / 2 : center(index) - inner / 2 + s * barWidth;
      const name = model.series.length > 1 ? `${category}, ${series.name}` : category;
      return (
        <rect
          key={`${index}-${s}`}
          className={`chart__mark chart__bar chart__series-${s % 8}`}
          x={x}
          y={Math.min(y1, y2)}
          width={Math.max(1, stacked ? inner : barWidth - (groups > 1 ? 1 : 0))}
          // A zero still shows as a hairline, so a present value is never mistaken for a gap.
          height={Math.max(1, Math.abs(y2 - y1))}
        >
          <title>{`${name}: ${formatValue(value)}`}</title>
        </rect>
      );
    });
  });
  return (
    <>
      <ValueGrid plot={plot} ticks={scale.ticks} />
      {marks}
      <line className="chart__axis" x1={plot.left} x2={plot.left + plot.width} y1={zero} y2={zero} />
      <CategoryLabels plot={plot} categories={model.categories} xOf={center} />
    </>
  );
}
