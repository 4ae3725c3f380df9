/** A CSV the parser cannot read, with the 1-based line where it went wrong. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * RFC 4180 records: fields separated by the delimiter, records by CRLF or LF, a field in double
 * quotes may hold delimiters, quotes (doubled) and line breaks. A leading BOM and a final line
 * break are ignored, and so are empty lines. Anything else is refused, not guessed at: an
 * unterminated quote, text after a closing quote, a quote inside an unquoted field, and a record
 * with a different number of fields than the first (the header).
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = ','): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let index = 0;
  /** Whether the current record has any content yet (an empty line is skipped, not a record). */
  let started = false;

  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    if (started) {
      endField();
      const expected = records[0]?.length;
      if (expected !== undefined && record.length !== expected) {
        throw new CsvError(
          `line ${recordLine} has ${record.length} fields; the header has ${expected}`,
          recordLine,
        );
      }
      records.push(record);
    }
    record = [];
    field = '';
    started = false;
  };

  while (index < input.length) {
    const char = input[index] as string;
    if (!started) recordLine = line;
    if (char === '"') {
      if (field.length > 0) throw new CsvError(`line ${line}: a quote inside an unquoted field`, line);
      started = true;
      const openedAt = line;
      index++;
      for (;;) {
        if (index >= input.length)
          throw new CsvError(`line ${openedAt}: a quoted field is never closed`, openedAt);
        const inner = input[index] as string;
        if (inner === '"') {
          if (input[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        if (inner === '\n') line++;
        field += inner;
        index++;
      }
      const next = input[index];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvError(`line ${line}: text after a closing quote`, line);
      }
      continue;
    }
    if (char === delimiter) {
      started = true;
      endField();
      index++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      index += char === '\r' && input[index + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    started = true;
    field += char;
    index++;
  }
  endRecord();
  return records;
}
