import { CategoryLabels, niceScale, plotFor, ValueGrid } from './chart-axes.tsx';
import { type ChartModel, type ChartSize, formatValue } from './chart-model.tsx';

/**
 * Per series, the top of each point: the value itself, or (stacked areas) the running total of
 * the series before it plus this one. A gap (null) stays a gap.
 */
function tops(model: ChartModel, stacked: boolean): Array<Array<number | null>> {
  const running = model.categories.map(() => 0);
  return model.series.map((series) =>
    series.values.map((value, index) => {
      if (value === null) return null;
      if (!stacked) return value;
      running[index] = (running[index] as number) + value;
      return running[index] as number;
    }),
  );
}

/**
 * Lines (or areas): points spaced evenly along x in the table's order, one path per series that
 * breaks where a value is missing, and a dot per point titled with its category and value.
 * Areas fill down to the series below (stacked) or to zero.
 */
export function ChartLines({
  model,
  size,
  area,
  stacked,
}: {
  model: ChartModel;
  size: ChartSize;
  area: boolean;
  stacked: boolean;
}) {
  const levels = tops(model, area && stacked);
  const present = levels.flat().filter((value): value is number => value !== null);
  // Areas are read against zero, so zero is always in; a line may zoom in on its range.
  const low = Math.min(area ? 0 : Number.POSITIVE_INFINITY, ...present);
  const high = Math.max(area ? 0 : Number.NEGATIVE_INFINITY, ...present);
  const scale = niceScale(Number.isFinite(low) ? low : 0, Number.isFinite(high) ? high : 1);
  const plot = plotFor(size.width, size.height, scale.min, scale.max);
  const count = model.categories.length;
  const band = plot.width / Math.max(1, count);
  const x = (index: number) => plot.left + band * (index + 0.5);
  const radius = count > 80 ? 1.5 : count > 30 ? 2.5 : 3.5;
  const baseline = plot.y(Math.max(scale.min, Math.min(0, scale.max)));

  const runsOf = (values: Array<number | null>) => {
    const runs: number[][] = [];
    let run: number[] = [];
    for (const [index, value] of values.entries()) {
      if (value === null) {
        if (run.length > 0) runs.push(run);
        run = [];
      } else run.push(index);
    }
    if (run.length > 0) runs.push(run);
    return runs;
  };
  const path = (run: number[], values: Array<number | null>) =>
    run
      .map(
        (index, at) =>
          `${at === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${plot.y(values[index] as number).toFixed(1)}`,
      )
      .join('');

  return (
    <>
      <ValueGrid plot={plot} ticks={scale.ticks} />
      {/* The later series of a stack are drawn first, so each lower one shows over it. */}
      {area
        ? levels
            .map((values, s) => ({ values, s }))
            .reverse()
            .flatMap(({ values, s }) =>
              runsOf(values).map((run) => {
                const below = stacked && s > 0 ? levels[s - 1] : null;
                const floor = run
                  .slice()
                  .reverse()
                  .map(
                    (index) =>
                      `L${x(index).toFixed(1)},${(below ? plot.y(below[index] ?? 0) : baseline).toFixed(1)}`,
                  )
                  .join('');
                return (
                  <path
                    key={`area-${s}-${run[0]}`}
                    className={`chart__area chart__series-${s % 8}`}
                    d={`${path(run, values)}${floor}Z`}
                  />
                );
              }),
            )
        : null}
      {levels.flatMap((values, s) =>
        runsOf(values).map((run) => (
          <path
            key={`line-${s}-${run[0]}`}
            className={`chart__line chart__series-${s % 8}`}
            d={path(run, values)}
          />
        )),
      )}
      {levels.flatMap((values, s) =>
        values.map((top, index) => {
          const value = model.series[s]?.values[index] ?? null;
          if (top === null || value === null) return null;
          const name =
            model.series.length > 1
              ? `${model.categories[index]}, ${model.series[s]?.name}`
              : model.categories[index];
          return (
            <circle
              key={`dot-${s}-${index}`}
              className={`chart__mark chart__dot chart__series-${s % 8}`}
              cx={x(index)}
              cy={plot.y(top)}
              r={radius}
            >
              <title>{`${name}: ${formatValue(value)}`}</title>
            </circle>
          );
        }),
      )}
      <CategoryLabels plot={plot} categories={model.categories} xOf={x} />
    </>
  );
}
