import { ApiError } from '@perplexica/errors';
import { columnKeysFor } from './column-keys.ts';
import { type CsvDelimiter, CsvError, parseCsv } from './csv.ts';
import {
  type Cell,
  type Column,
  type ColumnType,
  isDateText,
  isUrlText,
  MAX_CELL_CHARS,
  type Row,
  type TableData,
  type TableLimits,
} from './table-shape.ts';

/** Data a user gives: CSV text, or JSON rows (objects of scalars). */
export type GivenData =
  | { format: 'csv'; text: string; delimiter: CsvDelimiter }
  | { format: 'json'; rows: Array<Record<string, unknown>> };

const numberText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function tooLarge(what: string, limit: number): ApiError {
  return new ApiError('payload_too_large', `The data has more ${what} than the ${limit} allowed`, {
    details: { limit },
  });
}

function checkSize(columns: number, rows: number, limits: TableLimits): void {
  if (columns > limits.maxColumns) throw tooLarge('columns', limits.maxColumns);
  if (rows > limits.maxRows) throw tooLarge('rows', limits.maxRows);
}

/** The narrowest type every non-empty text fits: number, then date, then URL, else text. */
function inferTextType(values: readonly string[], allowNumbers: boolean): ColumnType {
  const present = values.filter((value) => value !== '');
  if (present.length === 0) return 'string';
  if (allowNumbers && present.every((value) => numberText.test(value) && Number.isFinite(Number(value)))) {
    return 'number';
  }
  if (present.every(isDateText)) return 'date';
  if (present.every(isUrlText)) return 'url';
  return 'string';
}

function cellTooLong(path: string): ApiError {
  return new ApiError('validation_failed', `${path}: a cell holds more than ${MAX_CELL_CHARS} characters`, {
    details: [{ path, message: `at most ${MAX_CELL_CHARS} characters per cell` }],
  });
}

/** CSV with a header row → typed columns (cells are trimmed; empty cells are null). */
export function tableFromCsv(text: string, delimiter: CsvDelimiter, limits: TableLimits): TableData {
  let records: string[][];
  try {
    records = parseCsv(text.replaceAll('\u0000', ''), delimiter);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new ApiError('validation_failed', `body.data.text: not valid CSV (${error.message})`, {
      details: [{ path: 'body.data.text', message: error.message, line: error.line }],
    });
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) {
    throw new ApiError('validation_failed', 'body.data.text: needs a header row and at least one data row', {
      details: [{ path: 'body.data.text', message: 'needs a header row and at least one data row' }],
    });
  }
  checkSize(header.length, body.length, limits);
  const labels = header.map((label, index) => label.trim().slice(0, 200) || `Column ${index + 1}`);
  const keys = columnKeysFor(labels);
  const cells = body.map((record) => record.map((cell) => cell.trim()));
  const columns: Column[] = keys.map((key, index) => ({
    key,
    label: labels[index] as string,
    type: inferTextType(
      cells.map((record) => record[index] as string),
      true,
    ),
  }));
  const rows = cells.map((record, rowIndex) => {
    const row: Row = {};
    for (const [index, { key, type }] of columns.entries()) {
      const value = record[index] as string;
      if (value.length > MAX_CELL_CHARS) throw cellTooLong(`body.data.text (row ${rowIndex + 2})`);
      row[key] = value === '' ? null : type === 'number' ? Number(value) : value;
    }
    return row;
  });
  return { columns, rows };
}

/**
 * JSON rows → typed columns, in the order keys first appear. JSON numbers make number columns;
 * texts may be dates or URLs; booleans become "true"/"false". A column mixing numbers and
 * texts is text. Nested objects and arrays are refused: a table cell holds one value.
 */
export function tableFromJsonRows(input: Array<Record<string, unknown>>, limits: TableLimits): TableData {
  if (input.length === 0) {
    throw new ApiError('validation_failed', 'body.data.rows: needs at least one row', {
      details: [{ path: 'body.data.rows', message: 'needs at least one row' }],
    });
  }
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const [rowIndex, row] of input.entries()) {
    for (const [label, value] of Object.entries(row)) {
      if (value !== null && typeof value === 'object') {
        const path = `body.data.rows.${rowIndex}.${label}`;
        throw new ApiError('validation_failed', `${path}: must be text, a number, a boolean or null`, {
          details: [{ path, message: 'must be text, a number, a boolean or null' }],
        });
      }
      if (!seen.has(label)) {
        seen.add(label);
        labels.push(label);
      }
    }
    if (labels.length > limits.maxColumns) break;
  }
  checkSize(labels.length, input.length, limits);
  const keys = columnKeysFor(labels.map((label) => label.trim() || 'column'));
  const columns: Column[] = labels.map((label, index) => {
    const values = input.map((row) => row[label]).filter((value) => value !== null && value !== undefined);
    const allNumbers = values.length > 0 && values.every((value) => typeof value === 'number');
    const texts = values.map((value) => String(value));
    return {
      key: keys[index] as string,
      label: label.trim().slice(0, 200) || `Column ${index + 1}`,
      type: allNumbers ? 'number' : inferTextType(texts, false),
    };
  });
  const rows = input.map((source, rowIndex) => {
    const row: Row = {};
    for (const [index, { key, type }] of columns.entries()) {
      const value = source[labels[index] as string];
      let cell: Cell;
      if (value === null || value === undefined) cell = null;
      else if (type === 'number') cell = value as number;
      else cell = String(value).replaceAll('\u0000', '');
      if (typeof cell === 'string' && cell.length > MAX_CELL_CHARS) {
        throw cellTooLong(`body.data.rows.${rowIndex}`);
      }
      row[key] = cell;
    }
    return row;
  });
  return { columns, rows };
}

export function tableFromData(data: GivenData, limits: TableLimits): TableData {
  return data.format === 'csv'
    ? tableFromCsv(data.text, data.delimiter, limits)
    : tableFromJsonRows(data.rows, limits);
}

/**
 * A table as CSV (RFC 4180, CRLF), for the model's prompt and for downloads. For a download,
 * `forSpreadsheet` puts an apostrophe before text starting with = + - @ (OWASP's advice against
 * CSV injection): a generated table may carry text from web pages into someone's spreadsheet.
 */
export function tableToCsv(table: TableData, { forSpreadsheet = false } = {}): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const text = (cell: Cell) => {
    if (cell === null) return '';
    if (typeof cell === 'number') return String(cell);
    return forSpreadsheet && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  };
  const lines = [table.columns.map((column) => quote(text(column.label))).join(',')];
  for (const row of table.rows) {
    lines.push(table.columns.map(({ key }) => quote(text(row[key] ?? null))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
