import type { LibraryThread } from '../library/library-client.ts';

/** One numbered entry of the reference list. */
export interface ExportReference {
  number: number;
  title: string;
  url: string;
}

export interface ExportTurn {
  question: string;
  /** The answer's Markdown, its citations renumbered to the document's reference list. */
  answer: string;
}

/** A thread ready to be written out in any format. */
export interface ExportDocument {
  title: string;
  createdAt: string | null;
  turns: ExportTurn[];
  references: ExportReference[];
}

/** `[3]`, `[1, 2]`, `[1,2,3]`: a citation of numbered sources. */
const citation = /\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]/g;

/**
 * One reference list for the whole thread. Each answer numbers its own sources from 1, so the
 * same source cited in two answers, or two sources both called [1], would clash: sources are
 * numbered again in order of first appearance, the same URL keeping one number, and each
 * answer's `[n]` is rewritten to the new number. A bracketed number that is not one of the
 * answer's sources is left as it was written.
 */
export function threadDocument(thread: LibraryThread): ExportDocument {
  const references: ExportReference[] = [];
  const numberOfSource = new Map<string, number>();
  const turns = thread.messages.map((message) => {
    const local = new Map<number, number>();
    for (const [position, source] of message.sources.entries()) {
      const url = source.url.trim();
      const identity = url || `title:${source.title.trim()}`;
      let number = numberOfSource.get(identity);
      if (number === undefined) {
        number = references.length + 1;
        numberOfSource.set(identity, number);
        references.push({ number, title: source.title.trim() || url || `Source ${number}`, url });
      }
      local.set(source.number ?? position + 1, number);
    }
    const answer = message.answer.replace(citation, (whole, list: string) => {
      const numbers = list.split(',').map((part) => Number(part.trim()));
      if (!numbers.every((n) => local.has(n))) return whole;
      return `[${numbers.map((n) => local.get(n)).join(', ')}]`;
    });
    return { question: message.query.trim(), answer: answer.trim() };
  });
  return {
    title: thread.thread.title.trim() || 'Untitled thread',
    createdAt: thread.thread.createdAt ?? null,
    turns,
    references,
  };
}

/** Whether a reference's URL can be a link (http or https, nothing a viewer would run). */
export function isLinkableUrl(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}
