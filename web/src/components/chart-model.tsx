import type { Cell, ChartSpec, Column, Row } from '../api/create.ts';
import { formatDate } from '../lib/format.ts';

// What a dashboard's chart draws, worked out from its spec and data; the drawing is chart-view.tsx.

/** One plotted series: a name and a value (or a gap) per category. */
export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

/** What a chart draws, whatever its type: categories along x and one or more series over them. */
export interface ChartModel {
  categories: string[];
  series: ChartSeries[];
  xLabel: string;
  yLabel: string;
  /** Long data: categories with several rows of one series are summed; the summary says so. */
  summed: boolean;
}

export interface ChartSize {
  width: number;
  height: number;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

export const formatValue = (value: number) => numberFormat.format(value);
/** "1.2M": a value where space is short (axis labels). */
export const formatCompact = (value: number) => compactFormat.format(value);

/** A cell as people read it: dates in their language, numbers grouped, an empty cell said so. */
export function cellText(cell: Cell, column: Column | undefined): string {
  if (cell === null || cell === '') return '(empty)';
  if (typeof cell === 'number') return formatValue(cell);
  if (column?.type === 'date') return formatDate(cell);
  return cell;
}

const asNumber = (cell: Cell | undefined): number | null =>
  typeof cell === 'number' && Number.isFinite(cell) ? cell : null;

/**
 * The chart's categories and series from a spec and its data. Wide data (several `y`): one
 * category per row, in the table's order, one series per `y`. Long data (`series` given): one
 * category per distinct x value and one series per distinct `series` value, rows that meet in
 * the same place summed.
 */
export function chartModel(chart: ChartSpec, columns: readonly Column[], rows: readonly Row[]): ChartModel {
  const byKey = new Map(columns.map((column) => [column.key, column]));
  const labelOf = (key: string) => byKey.get(key)?.label ?? key;
  const xColumn = byKey.get(chart.x);
  const xText = (row: Row) => cellText(row[chart.x] ?? null, xColumn);
  const yLabel = chart.y.map(labelOf).join(', ');
  const seriesKey = chart.series;
  if (seriesKey === undefined || chart.type === 'pie') {
    return {
      categories: rows.map(xText),
      series: chart.y.map((key) => ({ name: labelOf(key), values: rows.map((row) => asNumber(row[key])) })),
      xLabel: labelOf(chart.x),
      yLabel,
      summed: false,
    };
  }
  const yKey = chart.y[0] as string;
  const categories: string[] = [];
  const categoryIndex = new Map<string, number>();
  const seriesNames: string[] = [];
  const seriesIndex = new Map<string, number>();
  const cells = new Map<string, { sum: number; count: number }>();
  let summed = false;
  for (const row of rows) {
    const category = xText(row);
    const name = cellText(row[seriesKey] ?? null, byKey.get(seriesKey));
    if (!categoryIndex.has(category)) {
      categoryIndex.set(category, categories.length);
      categories.push(category);
    }
    if (!seriesIndex.has(name)) {
      seriesIndex.set(name, seriesNames.length);
      seriesNames.push(name);
    }
    const value = asNumber(row[yKey]);
    if (value === null) continue;
    const at = `${seriesIndex.get(name)}:${categoryIndex.get(category)}`;
    const held = cells.get(at);
    if (held) {
      held.sum += value;
      held.count += 1;
      summed = true;
    } else cells.set(at, { sum: value, count: 1 });
  }
  return {
    categories,
    series: seriesNames.map((name, s) => ({
      name,
      values: categories.map((_, c) => cells.get(`${s}:${c}`)?.sum ?? null),
    })),
    xLabel: labelOf(chart.x),
    yLabel: `${labelOf(yKey)} by ${labelOf(seriesKey)}`,
    summed,
  };
}

const typeNames: Record<ChartSpec['type'], string> = {
  bar: 'Bar chart',
  line: 'Line chart',
  area: 'Area chart',
  pie: 'Pie chart',
};

/** The chart's title: its own, or what it plots against what. */
export const chartTitle = (chart: ChartSpec, model: ChartModel) =>
  chart.title ?? `${model.yLabel} by ${model.xLabel}`;

/** What the chart shows, in a sentence or two, for everyone (and for screen readers first). */
export function chartSummary(chart: ChartSpec, model: ChartModel): string {
  const count = model.categories.length;
  const parts = [
    `${typeNames[chart.type]} of ${model.yLabel} over ${count} ${model.xLabel} value${count === 1 ? '' : 's'}.`,
  ];
  if (chart.type === 'pie') {
    const values = model.series[0]?.values ?? [];
    const total = values.reduce<number>((sum, value) => sum + (value !== null && value > 0 ? value : 0), 0);
    let largest = -1;
    for (const [index, value] of values.entries()) {
      if (value !== null && value > 0 && (largest < 0 || value > (values[largest] as number)))
        largest = index;
    }
    if (largest >= 0 && total > 0) {
      const share = Math.round(((values[largest] as number) / total) * 100);
      parts.push(`Largest slice: ${model.categories[largest]}, ${share}% of ${formatValue(total)}.`);
    }
    const left = values.filter((value) => value === null || value <= 0).length;
    if (left > 0) parts.push(`${left} row${left === 1 ? ' is' : 's are'} left out (no positive value).`);
    return parts.join(' ');
  }
  for (const series of model.series.slice(0, 4)) {
    let high = -1;
    let low = -1;
    for (const [index, value] of series.values.entries()) {
      if (value === null) continue;
      if (high < 0 || value > (series.values[high] as number)) high = index;
      if (low < 0 || value < (series.values[low] as number)) low = index;
    }
    if (high < 0) continue;
    const range = `ighest ${formatValue(series.values[high] as number)} (${model.categories[high]}), lowest ${formatValue(series.values[low] as number)} (${model.categories[low]}).`;
    parts.push(model.series.length > 1 ? `${series.name}: h${range}` : `H${range}`);
  }
  if (model.series.length > 4) parts.push(`And ${model.series.length - 4} more series.`);
  if (model.summed) parts.push('Rows with the same place are added together.');
  return parts.join(' ');
}
