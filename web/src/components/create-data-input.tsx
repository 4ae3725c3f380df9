import { type ChangeEvent, useId, useState } from 'react';
import type { GivenData } from '../api/create.ts';
import { formatSize } from '../lib/format.ts';

export type Delimiter = ',' | ';' | '\t';

/** What the data box holds: pasted or read from a file, and the CSV separator chosen. */
export interface DataDraft {
  text: string;
  delimiter: Delimiter;
  /** The file it was read from, if any. */
  fileName: string | null;
}

export const emptyDraft: DataDraft = { text: '', delimiter: ',', fileName: null };

// create-svc's TABLE_MAX_DATA_BYTES default: a bigger file is refused here, before it is sent.
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The data as create-svc takes it: JSON rows when the text is a JSON array (of objects), CSV
 * otherwise. Returns a sentence instead when JSON was meant but cannot be read.
 */
export function givenDataFrom(draft: DataDraft): GivenData | { problem: string } | null {
  const text = draft.text.trim();
  if (!text) return null;
  if (text.startsWith('[') || text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { problem: 'This looks like JSON but cannot be read as JSON. Check its brackets and quotes.' };
    }
    const rows = Array.isArray(parsed) ? parsed : null;
    if (!rows?.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
      return {
        problem: 'JSON data must be a list of rows, each an object: [{"city": "Oslo", "people": 709000}, …].',
      };
    }
    return { format: 'json', rows: rows as Array<Record<string, unknown>> };
  }
  return { format: 'csv', text: draft.text, delimiter: draft.delimiter };
}

/** A guess at a CSV's separator from its first line: the one it has most of. */
function guessDelimiter(text: string): Delimiter {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const counts: Array<[Delimiter, number]> = [',', ';', '\t'].map((candidate) => [
    candidate as Delimiter,
    first.split(candidate).length - 1,
  ]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0] && counts[0][1] > 0 ? counts[0][0] : ',';
}

/**
 * A box for data: pasted CSV or JSON, or a .csv/.json file read in the browser (nothing is sent
 * until the form is), with the CSV separator. `error` is what the service found wrong with it.
 */
export function CreateDataInput({
  draft,
  onChange,
  label = 'Data',
  error,
}: {
  draft: DataDraft;
  onChange: (draft: DataDraft) => void;
  label?: string;
  error?: string | null;
}) {
  const id = useId();
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const problem = fileProblem ?? error ?? null;

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setFileProblem(null);
    if (!/\.(csv|tsv|json|txt)$/i.test(file.name)) {
      setFileProblem(`“${file.name}” is not a .csv or .json file.`);
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      setFileProblem(
        `“${file.name}” is ${formatSize(file.size)}; at most ${formatSize(MAX_FILE_BYTES)} can be used.`,
      );
      return;
    }
    const text = await file.text();
    onChange({ text, delimiter: guessDelimiter(text), fileName: file.name });
  };

  const isJson = /^\s*[[{]/.test(draft.text);
  return (
    <div className="create-data">
      <div className="field create-data__text">
        <label htmlFor={`${id}-text`}>
          <span>{label}</span>
        </label>
        <textarea
          id={`${id}-text`}
          rows={7}
          spellCheck={false}
          value={draft.text}
          placeholder={'city,country,population\nOslo,Norway,709000\nBergen,Norway,285000'}
          aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
          aria-invalid={problem ? true : undefined}
          onChange={(event) => onChange({ ...draft, text: event.target.value, fileName: null })}
        />
        <small id={`${id}-hint`} className="muted">
          CSV with a header row, or JSON rows ([{'{…}'}, …]).
          {draft.fileName ? ` Read from ${draft.fileName}.` : ''}
        </small>
      </div>
      {problem ? (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="create-data__tools">
        <label className="create-data__file">
          <span>Or read a file</span>
          <input type="file" accept=".csv,.tsv,.json,.txt,text/csv,application/json" onChange={readFile} />
        </label>
        <label className="picker create-data__separator">
          <span>Separator</span>
          <select
            value={draft.delimiter}
            disabled={isJson}
            onChange={(event) => onChange({ ...draft, delimiter: event.target.value as Delimiter })}
          >
            <option value=",">Comma ( , )</option>
            <option value=";">Semicolon ( ; )</option>
            <option value={'\t'}>Tab</option>
          </select>
        </label>
      </div>
    </div>
  );
}
