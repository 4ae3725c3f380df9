/** Longest bracket group still treated as a possible citation while streaming, e.g. "[12, 13, 14]". */
const MAX_CITATION_CHARS = 24;
const CITATION = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** Keeps citations of sources 1..count, rewrites "[1, 2]" as "[1][2]", drops the rest. */
export function repairCitations(text: string, count: number): string {
  return text.replace(CITATION, (_match, numbers: string) =>
    numbers
      .split(',')
      .map((value) => Number(value.trim()))
      .filter((n) => n >= 1 && n <= count)
      .map((n) => `[${n}]`)
      .join(''),
  );
}

/**
 * Streaming citation repair: text after an unclosed "[" is held back (up to a few characters)
 * until it is known whether it is a citation, so no invalid [n] ever reaches a client.
 */
export function createCitationFilter(count: number) {
  let pending = '';
  return {
    push(chunk: string): string {
      const text = pending + chunk;
      const open = text.lastIndexOf('[');
      if (open !== -1 && text.length - open <= MAX_CITATION_CHARS && /^\[[\d\s,]*$/.test(text.slice(open))) {
        pending = text.slice(open);
        return repairCitations(text.slice(0, open), count);
      }
      pending = '';
      return repairCitations(text, count);
    },
    flush(): string {
      const rest = pending;
      pending = '';
      return repairCitations(rest, count);
    },
  };
}
