import type { ChartSpec, Column, Row } from '../api/create.ts';
import { ChartView } from './chart-view.tsx';

/** A dashboard's charts over its data, side by side where there is room. */
export function CreateDashboardView({
  charts,
  columns,
  rows,
  label,
}: {
  charts: readonly ChartSpec[];
  columns: readonly Column[];
  rows: readonly Row[];
  /** What the group of charts is called, for screen readers ("Preview", the dashboard's title). */
  label: string;
}) {
  return (
    <section
      className={`create-dashboard${charts.length === 1 ? ' create-dashboard--single' : ''}`}
      aria-label={label}
    >
      {charts.map((chart, index) => (
        // A chart has no id of its own: its place in the dashboard is what it is.
        <ChartView key={index} chart={chart} columns={columns} rows={rows} />
      ))}
    </section>
  );
}
