import type { Source } from '../api/types.ts';

export interface ExportTurn {
  query: string;
  answer: string;
  sources: Source[];
}

/** A file source (`/files/<id>#page=2`) as a link that works outside the app: it opens through it. */
const absolute = (url: string) => (url.startsWith('/') ? `${location.origin}${url}` : url);

/** A thread as Markdown: each question, its answer with [n] citations, and its numbered sources. */
export function threadToMarkdown(title: string, turns: ExportTurn[]): string {
  const parts = [`# ${title}`, ''];
  for (const turn of turns) {
    parts.push(`## ${turn.query}`, '', turn.answer.trim(), '');
    if (turn.sources.length > 0) {
      parts.push('**Sources**', '');
      for (const source of turn.sources)
        parts.push(`${source.n}. [${source.title}](${absolute(source.url)})`);
      parts.push('');
    }
  }
  return parts.join('\n');
}

/** Saves text as a file through the browser's download. */
export function download(filename: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export const fileNameFor = (title: string) =>
  `${
    title
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'thread'
  }.md`;
