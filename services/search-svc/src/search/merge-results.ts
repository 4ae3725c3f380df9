import { canonicalUrl } from './canonical-url.ts';
import type { SearchResult, UnresponsiveEngine } from './types.ts';

/**
 * Merges results that point at the same page (same canonical URL), keeping the first one's place
 * and text, the union of the engines that found it, and whatever the first lacked (snippet, date,
 * thumbnail) from the later ones.
 */
export function mergeResults(results: Iterable<SearchResult>): SearchResult[] {
  const byKey = new Map<string, SearchResult>();
  for (const result of results) {
    const key = canonicalUrl(result.url);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...result, engines: [...new Set(result.engines)] });
      continue;
    }
    seen.engines = [...new Set([...seen.engines, ...result.engines])];
    if (!seen.snippet && result.snippet) seen.snippet = result.snippet;
    if (!seen.title && result.title) seen.title = result.title;
    seen.publishedDate ??= result.publishedDate;
    seen.thumbnail ??= result.thumbnail;
    if (!seen.media && result.media) seen.media = result.media;
  }
  return [...byKey.values()];
}

/** Several ranked lists into one, taking each list's first, then each list's second…, so every query's best come first. */
export function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let rank = 0; rank < longest; rank += 1) {
    for (const list of lists) {
      const item = list[rank];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

export function mergeUnresponsive(lists: UnresponsiveEngine[][]): UnresponsiveEngine[] {
  const byEngine = new Map<string, UnresponsiveEngine>();
  for (const entry of lists.flat()) if (!byEngine.has(entry.engine)) byEngine.set(entry.engine, entry);
  return [...byEngine.values()];
}
