import { Writable } from 'node:stream';

export interface CapturedLogs {
  /** Pass as the logger's destination. */
  stream: Writable;
  /** Every JSON line written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  /** Everything written so far, raw: for "no secret appears anywhere" checks. */
  text(): string;
}

/** Collects a pino logger's output so tests can assert on log lines. */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
