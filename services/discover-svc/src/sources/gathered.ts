import type { Article } from '../news/article.ts';

/** A search or feed that gave nothing, and why (for logs, and to tell "all failed" from "none found"). */
export interface SourceFailure {
  source: string;
  error: unknown;
}

/** What reading some sources gave: their articles, and which of them failed. */
export interface Gathered {
  articles: Article[];
  attempted: number;
  failures: SourceFailure[];
}

export const combine = (...parts: Gathered[]): Gathered => ({
  articles: parts.flatMap((part) => part.articles),
  attempted: parts.reduce((sum, part) => sum + part.attempted, 0),
  failures: parts.flatMap((part) => part.failures),
});
