import { useId, useState } from 'react';
import type { Cell, Column, ColumnType, Row } from '../api/create.ts';
import { cellText } from './chart-model.tsx';

const PAGE = 100;

export const typeNames: Record<ColumnType, string> = {
  string: 'text',
  number: 'number',
  date: 'date',
  url: 'link',
};

// Short cells stay on one line (a phone scrolls the table rather than break "Stockholm" in three);
// long text wraps within a readable width.
const LONG_CELL = 40;
const cellClass = (cell: Cell, column: Column) =>
  column.type === 'number'
    ? 'num'
    : typeof cell === 'string' && cell.length > LONG_CELL
      ? 'create-table__long'
      : undefined;

function CellContent({ cell, column }: { cell: Cell; column: Column }) {
  if (cell === null || cell === '') {
    return (
      <span className="muted" title="empty">
        —<span className="visually-hidden">empty</span>
      </span>
    );
  }
  // Only http(s) cells are links (create-svc types a column `url` only when every cell is one).
  if (column.type === 'url' && typeof cell === 'string' && /^https?:\/\//i.test(cell)) {
    return (
      <a href={cell} target="_blank" rel="noopener noreferrer">
        {cell}
      </a>
    );
  }
  return <>{cellText(cell, column)}</>;
}

/**
 * A table artifact as an HTML table: a caption, column headers with each column's type, numbers
 * aligned to the right, links that open in a new tab. Long tables show a hundred rows at a time.
 * The table scrolls sideways inside its own box (focusable, so the keyboard can scroll it).
 */
export function CreateTableView({
  title,
  columns,
  rows,
  rowCount,
}: {
  title: string;
  columns: readonly Column[];
  rows: readonly Row[];
  rowCount?: number;
}) {
  const [shown, setShown] = useState(PAGE);
  const captionId = useId();
  const total = rowCount ?? rows.length;
  return (
    <div className="create-table">
      {/* A wide table scrolls inside this box, which takes focus so the keyboard can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <section className="table-scroll create-table__scroll" aria-labelledby={captionId} tabIndex={0}>
        <table className="data-table create-table__table">
          <caption id={captionId}>
            {title}{' '}
            <span className="muted">
              ({total.toLocaleString()} row{total === 1 ? '' : 's'}, {columns.length} column
              {columns.length === 1 ? '' : 's'})
            </span>
          </caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  className={column.type === 'number' ? 'num' : undefined}
                  title={`${column.label} (${typeNames[column.type]})`}
                >
                  <span className="create-table__label">{column.label}</span>
                  <span className="create-table__type">{typeNames[column.type]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((row, index) => (
              // Rows have no id of their own; their position is what they are.
              <tr key={index}>
                {columns.map((column) => {
                  const cell = row[column.key] ?? null;
                  return (
                    <td key={column.key} className={cellClass(cell, column)}>
                      <CellContent cell={cell} column={column} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {rows.length > shown ? (
        <p className="create-table__more">
          <span className="muted">
            Showing {shown.toLocaleString()} of {rows.length.toLocaleString()} rows.
          </span>{' '}
          <button type="button" className="button" onClick={() => setShown((count) => count + PAGE)}>
            Show {Math.min(PAGE, rows.length - shown)} more
          </button>
        </p>
      ) : null}
    </div>
  );
}
