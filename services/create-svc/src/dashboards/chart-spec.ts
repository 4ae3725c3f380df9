import { z } from 'zod';
import type { Column, Row } from '../tables/table-shape.ts';

/**
 * A chart, version 1 of our own spec (see README "Dashboards"): a type, the field on the x axis
 * (the slice label for pie), the numeric fields plotted (one series each), or one numeric field
 * split into series by the values of a `series` field (long data). Fields are column keys.
 */
export const chartTypes = ['bar', 'line', 'area', 'pie'] as const;

const field = z.string().min(1).max(63);

export const chartSpec = z
  .strictObject({
    type: z.enum(chartTypes),
    title: z.string().trim().min(1).max(200).optional(),
    x: field,
    y: z.array(field).min(1).max(10),
    series: field.optional(),
    /** Bars or areas stacked instead of side by side / overlapping. */
    stacked: z.boolean().optional(),
  })
  .superRefine((chart, context) => {
    if (chart.type === 'pie' && (chart.y.length !== 1 || chart.series !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['y'],
        message: 'a pie chart has exactly one y field and no series',
      });
    }
    if (chart.series !== undefined && chart.y.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: ['series'],
        message: 'with series, give exactly one y field',
      });
    }
    if (chart.stacked && chart.type !== 'bar' && chart.type !== 'area') {
      context.addIssue({ code: 'custom', path: ['stacked'], message: 'only bar and area charts stack' });
    }
    if (new Set(chart.y).size !== chart.y.length) {
      context.addIssue({ code: 'custom', path: ['y'], message: 'names a field twice' });
    }
  });
export type ChartSpec = z.infer<typeof chartSpec>;

export const DASHBOARD_SPEC_VERSION = 1;
/** Distinct values a `series` field may split a chart into: more is unreadable. */
export const MAX_SERIES = 25;

export interface ChartIssue {
  path: string;
  message: string;
}

/**
 * What the data cannot show: fields that are not columns, plotted fields that are not numbers,
 * a series field with too many values. Paths point into the request body (`body.charts.0.y.1`).
 */
export function chartIssues(
  charts: readonly ChartSpec[],
  columns: readonly Column[],
  rows: readonly Row[],
): ChartIssue[] {
  const byKey = new Map(columns.map((column) => [column.key, column]));
  const known = columns.map((column) => column.key).join(', ');
  const issues: ChartIssue[] = [];
  for (const [index, chart] of charts.entries()) {
    const at = `body.charts.${index}`;
    if (!byKey.has(chart.x))
      issues.push({ path: `${at}.x`, message: `"${chart.x}" is not a field of the data (${known})` });
    for (const [position, name] of chart.y.entries()) {
      const column = byKey.get(name);
      if (!column)
        issues.push({
          path: `${at}.y.${position}`,
          message: `"${name}" is not a field of the data (${known})`,
        });
      else if (column.type !== 'number') {
        issues.push({
          path: `${at}.y.${position}`,
          message: `"${name}" holds ${column.type} values; plotted fields must be numbers`,
        });
      }
    }
    if (chart.series !== undefined) {
      if (!byKey.has(chart.series)) {
        issues.push({
          path: `${at}.series`,
          message: `"${chart.series}" is not a field of the data (${known})`,
        });
      } else {
        const distinct = new Set(rows.map((row) => row[chart.series as string]));
        if (distinct.size > MAX_SERIES) {
          issues.push({
            path: `${at}.series`,
            message: `"${chart.series}" has ${distinct.size} values; at most ${MAX_SERIES} series`,
          });
        }
      }
    }
  }
  return issues;
}
