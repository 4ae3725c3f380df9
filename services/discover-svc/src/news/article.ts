/** One news article from any source (a SearXNG news result, a feed item), normalised. */
export interface Article {
  /** The link as the source gave it. */
  url: string;
  /** Its canonical form: two links with the same key are the same article. */
  key: string;
  title: string;
  /** Plain text: the result's snippet or the feed item's text (first paragraphs). */
  snippet: string;
  /** The host without "www.", e.g. "reuters.com". */
  outlet: string;
  /** ISO 8601, or null when the source gave no usable date. */
  publishedAt: string | null;
  image: string | null;
}

/** Snippets are ledes: the first paragraphs say what happened, the rest only costs memory. */
export const SNIPPET_CHARS = 600;

export const outletOf = (url: string): string => {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
};

export const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** A date as ISO 8601, or null for anything unparsable or in the future (clock-skewed feeds). */
export function isoDate(value: unknown, now = Date.now()): string | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return null;
  // A few minutes ahead is clock skew; more is a wrong date that would pin a story to the top.
  if (time > now + 15 * 60_000) return null;
  return new Date(time).toISOString();
}

/** A snippet as one tidy paragraph run, cut at SNIPPET_CHARS on a word boundary. */
export function tidySnippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SNIPPET_CHARS / 2))}…`;
}
