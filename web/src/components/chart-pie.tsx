import { type ChartModel, type ChartSize, formatValue } from './chart-model.tsx';

/** A point on the circle, angle 0 at twelve o'clock, clockwise. */
const at = (cx: number, cy: number, r: number, angle: number) =>
  [cx + r * Math.sin(angle), cy - r * Math.cos(angle)] as const;

/**
 * A pie: one slice per category with a positive value (a slice cannot be negative, so the others
 * are left out, and the summary says how many), clockwise from twelve o'clock in the table's
 * order, each titled with its value and share.
 */
export function ChartPie({ model, size }: { model: ChartModel; size: ChartSize }) {
  const values = model.series[0]?.values ?? [];
  const total = values.reduce<number>((sum, value) => sum + (value !== null && value > 0 ? value : 0), 0);
  const cx = size.width / 2;
  const cy = size.height / 2;
  const r = Math.max(10, Math.min(size.width, size.height) / 2 - 8);
  if (total <= 0) {
    return (
      <text className="chart__empty" x={cx} y={cy} textAnchor="middle">
        No positive values to show
      </text>
    );
  }
  let angle = 0;
  const slices = values.map((value, index) => {
    if (value === null || value <= 0) return null;
    const share = value / total;
    const start = angle;
    angle += share * 2 * Math.PI;
    const title = `${model.categories[index]}: ${formatValue(value)} (${Math.round(share * 1000) / 10}%)`;
    const className = `chart__mark chart__slice chart__series-${index % 8}`;
    // One slice of everything is a whole circle: an arc from a point to itself draws nothing.
    if (share >= 0.999999) {
      return (
        <circle key={index} className={className} cx={cx} cy={cy} r={r}>
          <title>{title}</title>
        </circle>
      );
    }
    const [x1, y1] = at(cx, cy, r, start);
    const [x2, y2] = at(cx, cy, r, angle);
    const large = angle - start > Math.PI ? 1 : 0;
    return (
      <path
        // Categories may repeat (one per row): the position keeps keys unique.
        key={index}
        className={className}
        d={`M${cx},${cy}L${x1.toFixed(2)},${y1.toFixed(2)}A${r},${r} 0 ${large} 1 ${x2.toFixed(2)},${y2.toFixed(2)}Z`}
      >
        <title>{title}</title>
      </path>
    );
  });
  return <g>{slices}</g>;
}
