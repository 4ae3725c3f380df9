import type { Credibility, SourceCredibility } from './credibility.ts';

/** A search result as search-svc returns it. */
export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
  engines?: string[];
  publishedDate?: string | null;
  thumbnail?: string | null;
  /** Set by credibleSearch (chat-svc's own scoring, not search-svc's). */
  credibility?: Credibility;
}

export interface PageText {
  url: string;
  title: string;
  text: string;
  truncated?: boolean;
}

export interface UnresponsiveEngine {
  engine: string;
  reason: string;
}

/** A numbered source as clients see it; `n` is what the answer cites as [n]. */
export interface Source {
  n: number;
  title: string;
  url: string;
  snippet: string;
  publishedDate: string | null;
  engines: string[];
  /**
   * How far it can be trusted, and why (credibility.ts). The reasons are sent live, not saved;
   * absent on answers saved before credibility existed.
   */
  credibility?: SourceCredibility;
}

/** A candidate for the context: the result plus what was read of its page. */
export interface Candidate {
  result: SearchResult;
  pageText: string;
}

export function candidatesFrom(results: SearchResult[], pages: PageText[]): Candidate[] {
  const pageByUrl = new Map(pages.map((page) => [page.url, page.text]));
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const result of results) {
    if (seen.has(result.url)) continue;
    seen.add(result.url);
    candidates.push({ result, pageText: pageByUrl.get(result.url) ?? '' });
  }
  return candidates;
}
