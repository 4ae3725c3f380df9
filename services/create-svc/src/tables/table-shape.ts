import { z } from 'zod';

/** What a column holds; the web app formats and sorts by it, charts check it. */
export const columnTypes = ['string', 'number', 'date', 'url'] as const;
export type ColumnType = (typeof columnTypes)[number];

/** A column key: what rows and chart specs use; the label is what people read. */
export const columnKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lowercase letters, digits and "_", starting with a letter (1..63)');

export const column = z.strictObject({
  key: columnKey,
  label: z.string().trim().min(1).max(200),
  type: z.enum(columnTypes),
});
export type Column = z.infer<typeof column>;

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** A table as stored and returned: typed columns, rows keyed by column key. */
export interface TableData {
  columns: Column[];
  rows: Row[];
}

export interface TableLimits {
  maxRows: number;
  maxColumns: number;
}

/** The longest text one cell may hold. */
export const MAX_CELL_CHARS = 10_000;

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** YYYY-MM-DD, or an ISO 8601 date-time, that names a real day. */
export function isDateText(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const day = value.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/** An absolute http(s) URL. */
export function isUrlText(value: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Why a cell does not fit its column's type, or null when it does (null cells always fit). */
export function cellProblem(cell: unknown, type: ColumnType): string | null {
  if (cell === null) return null;
  if (type === 'number') {
    return typeof cell === 'number' && Number.isFinite(cell) ? null : 'must be a number or null';
  }
  if (typeof cell !== 'string') return 'must be text or null';
  if (cell.length > MAX_CELL_CHARS) return `must be at most ${MAX_CELL_CHARS} characters`;
  if (cell.includes('\u0000')) return 'must not contain NUL characters';
  if (type === 'date' && !isDateText(cell)) return 'must be a date such as 2026-11-30';
  if (type === 'url' && !isUrlText(cell)) return 'must be an http(s) URL';
  return null;
}

export interface TableIssue {
  path: string;
  message: string;
}

/**
 * Everything wrong with a table, up to `max` issues: column keys unique, counts within the limits,
 * every row with exactly the table's columns, every cell fitting its column's type.
 */
export function tableIssues(table: TableData, limits: TableLimits, max = 20): TableIssue[] {
  const issues: TableIssue[] = [];
  const add = (path: string, message: string) => {
    if (issues.length < max) issues.push({ path, message });
  };
  if (table.columns.length === 0) add('columns', 'needs at least one column');
  if (table.columns.length > limits.maxColumns) add('columns', `at most ${limits.maxColumns} columns`);
  if (table.rows.length > limits.maxRows) add('rows', `at most ${limits.maxRows} rows`);
  const seen = new Set<string>();
  for (const [index, { key }] of table.columns.entries()) {
    if (seen.has(key)) add(`columns.${index}.key`, `"${key}" is used by another column`);
    seen.add(key);
  }
  for (const [index, row] of table.rows.entries()) {
    const extra = Object.keys(row).filter((key) => !seen.has(key));
    if (extra.length > 0) add(`rows.${index}`, `has keys that are not columns: ${extra.join(', ')}`);
    for (const { key, type } of table.columns) {
      if (!(key in row)) {
        add(`rows.${index}.${key}`, 'is missing');
        continue;
      }
      const problem = cellProblem(row[key], type);
      if (problem) add(`rows.${index}.${key}`, problem);
    }
    if (issues.length >= max) break;
  }
  return issues;
}
