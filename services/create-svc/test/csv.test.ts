import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../src/tables/csv.ts';

/** The error a text is refused with. */
function refusal(text: string): CsvError {
  try {
    parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(text)}`);
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted delimiters, doubled quotes, line breaks in quotes, CRLF, a BOM and empty fields', () => {
    const text = '\uFEFFname,note,empty\r\n"Smith, J.","He said ""hi""\nand left",\r\nplain,,""\r\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'note', 'empty'],
      ['Smith, J.', 'He said "hi"\nand left', ''],
      ['plain', '', ''],
    ]);
  });

  it('skips empty lines, needs no final line break, and reads ; and tab delimiters', () => {
    expect(parseCsv('a;b\n\n1;2\n\n3;"4;5"', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4;5'],
    ]);
    expect(parseCsv('a\tb\r1\t2', '\t')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('refuses what it cannot read without guessing, naming the line', () => {
    expect(refusal('a,b\n1,2\n3\n')).toMatchObject({
      line: 3,
      message: 'line 3 has 1 fields; the header has 2',
    });
    expect(refusal('a,b\n"x\ny,1\n')).toMatchObject({
      line: 2,
      message: 'line 2: a quoted field is never closed',
    });
    expect(refusal('a,b\nx"y,1\n').line).toBe(2);
    expect(refusal('a,b\n"x"y,1\n').line).toBe(2);
    // A quoted line break moves the line count on.
    expect(refusal('a,b\n"multi\nline",1\n2\n')).toMatchObject({ line: 4 });
  });
});
