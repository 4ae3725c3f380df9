import { useEffect, useId, useRef, useState } from 'react';
import type { ChartSpec, Column, Row } from '../api/create.ts';
import { ChartBars } from './chart-bars.tsx';
import { ChartLines } from './chart-lines.tsx';
import { chartModel, chartSummary, chartTitle, formatValue } from './chart-model.tsx';
import { ChartPie } from './chart-pie.tsx';

/** The width a chart has, followed as the window or the layout changes. */
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
 * One chart of a dashboard as inline SVG (no chart library): a title, the drawing, a legend, a
 * summary in words that the drawing is labelled with, and the numbers themselves as a table.
 */
export function ChartView({
  chart,
  columns,
  rows,
}: {
  chart: ChartSpec;
  columns: readonly Column[];
  rows: readonly Row[];
}) {
  const [box, width] = useWidth();
  const titleId = useId();
  const summaryId = useId();
  const model = chartModel(chart, columns, rows);
  const title = chartTitle(chart, model);
  const summary = chartSummary(chart, model);
  const height = chart.type === 'pie' ? Math.min(280, Math.max(200, width * 0.6)) : 280;
  const size = { width, height };
  const legend =
    chart.type === 'pie'
      ? model.categories.map((name, index) => ({ name, index }))
      : model.series.map((series, index) => ({ name: series.name, index }));
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <h3 className="chart__title" id={titleId}>
        {title}
      </h3>
      <div ref={box} className="chart__box">
        {width > 0 ? (
          <svg
            className={`chart__svg chart__svg--${chart.type}`}
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            role="img"
            aria-label={title}
            aria-describedby={summaryId}
          >
            {chart.type === 'bar' ? (
              <ChartBars model={model} size={size} stacked={chart.stacked === true} />
            ) : null}
            {chart.type === 'line' || chart.type === 'area' ? (
              <ChartLines
                model={model}
                size={size}
                area={chart.type === 'area'}
                stacked={chart.stacked === true}
              />
            ) : null}
            {chart.type === 'pie' ? <ChartPie model={model} size={size} /> : null}
          </svg>
        ) : null}
      </div>
      {legend.length > 1 && legend.length <= 30 ? (
        <ul className="chart__legend" aria-label="Legend">
          {legend.map(({ name, index }) => (
            <li key={`${index}-${name}`}>
              <span className={`chart__swatch chart__series-${index % 8}`} aria-hidden="true" />
              {name}
            </li>
          ))}
        </ul>
      ) : null}
      <figcaption className="chart__summary muted" id={summaryId}>
        {summary}
      </figcaption>
      <details className="chart__data">
        <summary>The numbers</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{model.xLabel}</th>
                {model.series.map((series, index) => (
                  <th scope="col" key={`${index}-${series.name}`}>
                    {series.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {model.categories.map((category, row) => (
                <tr key={`${row}-${category}`}>
                  <th scope="row">{category}</th>
                  {model.series.map((series, index) => {
                    const value = series.values[row];
                    return (
                      <td className="num" key={`${index}-${series.name}`}>
                        {value === null || value === undefined ? '—' : formatValue(value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
