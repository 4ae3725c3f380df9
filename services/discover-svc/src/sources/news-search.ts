import { type Article, isHttpUrl, isoDate, outletOf, tidySnippet } from '../news/article.ts';
import { canonicalUrl } from '../news/canonical-url.ts';
import type { NewsResult, SearchClient } from '../search-client.ts';
import type { Gathered } from './gathered.ts';

export function articleFromResult(result: NewsResult, now = Date.now()): Article | null {
  const title = (result.title ?? '').replace(/\s+/g, ' ').trim();
  if (!title || !isHttpUrl(result.url)) return null;
  return {
    url: result.url,
    key: canonicalUrl(result.url),
    title,
    snippet: tidySnippet(result.snippet ?? ''),
    outlet: outletOf(result.url),
    publishedAt: isoDate(result.publishedDate, now),
    image: isHttpUrl(result.thumbnail) ? result.thumbnail : null,
  };
}

/**
 * A topic's news searches (SearXNG's news category through search-svc), all at once: a topic has
 * at most ten, and search-svc queues them for its SearXNG instances. A search that fails is
 * recorded and the others still count.
 */
export async function searchTopicNews(
  search: SearchClient,
  queries: readonly string[],
  options: { timeRange: 'day' | 'week'; limit: number },
): Promise<Gathered> {
  const outcomes = await Promise.allSettled(
    queries.map((query) => search.searchNews(query, options.timeRange, options.limit)),
  );
  const gathered: Gathered = { articles: [], attempted: queries.length, failures: [] };
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      gathered.failures.push({ source: `search "${queries[index]}"`, error: outcome.reason });
      return;
    }
    for (const result of outcome.value) {
      const article = articleFromResult(result);
      if (article) gathered.articles.push(article);
    }
  });
  return gathered;
}
