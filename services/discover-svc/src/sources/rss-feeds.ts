import { extractFromXml, type FeedData, type FeedEntry } from '@extractus/feed-extractor';
import { htmlToText } from '@perplexica/documents';
import { redactUrl } from '../feed/provider-failure.ts';
import { type Article, isHttpUrl, isoDate, outletOf, tidySnippet } from '../news/article.ts';
import { canonicalUrl } from '../news/canonical-url.ts';
import type { SearchClient } from '../search-client.ts';
import type { Gathered } from './gathered.ts';

/** Feed items older than this are not news any more, whatever the feed keeps listing. */
const MAX_AGE_MS = 7 * 86_400_000;

/** Not a feed we can read: the feed's problem, reported as the reason it failed. */
export class UnreadableFeedError extends Error {
  override readonly name = 'UnreadableFeedError';
}

/** The text of an XML node as fast-xml-parser gives it: a string, or an object holding "#text". */
function nodeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const text = (value as { '#text'?: unknown } | null)?.['#text'];
  return typeof text === 'string' ? text : '';
}

/** An attribute of an XML node (or of the first of several), e.g. media:content's url. */
function attribute(node: unknown, name: string): string {
  const first = Array.isArray(node) ? node[0] : node;
  const value = (first as Record<string, unknown> | null | undefined)?.[`@_${name}`];
  return typeof value === 'string' ? value : '';
}

/** The picture publishers attach: Media RSS content or thumbnail, or an image enclosure. */
function entryImage(entry: Record<string, unknown>): string {
  const media = attribute(entry['media:content'], 'url') || attribute(entry['media:thumbnail'], 'url');
  if (media) return media;
  const enclosure = entry.enclosure;
  return attribute(enclosure, 'type').startsWith('image/') ? attribute(enclosure, 'url') : '';
}

/** An Atom feed without entries is still a feed (feed-extractor calls it unrecognized). */
const isEmptyAtom = (xml: string) => /<feed[\s>]/.test(xml) && !/<entry[\s>]/.test(xml);

export function parseFeed(xml: string, baseUrl: string): FeedEntry[] {
  let feed: FeedData;
  try {
    feed = extractFromXml(xml, {
      // Whole descriptions, not the first 250 characters: htmlToText and tidySnippet cut them.
      descriptionMaxLen: 0,
      baseUrl,
      // The raw HTML (RSS content:encoded, Atom content), made text with our own htmlToText.
      getExtraEntryFields: (entry) => ({
        body: nodeText(entry['content:encoded'] ?? entry.content),
        image: entryImage(entry),
      }),
    });
  } catch (error) {
    if (isEmptyAtom(xml)) return [];
    throw new UnreadableFeedError(`not an RSS or Atom feed (${(error as Error).message})`);
  }
  return feed.entries ?? [];
}

export function articleFromEntry(entry: FeedEntry, now = Date.now()): Article | null {
  const link = typeof entry.link === 'string' ? entry.link.trim() : '';
  const title = htmlToText(entry.title ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!title || !isHttpUrl(link)) return null;
  const publishedAt = isoDate(entry.published, now);
  if (publishedAt && now - Date.parse(publishedAt) > MAX_AGE_MS) return null;
  const html = typeof entry.body === 'string' && entry.body.trim() ? entry.body : (entry.description ?? '');
  return {
    url: link,
    key: canonicalUrl(link),
    title,
    snippet: tidySnippet(htmlToText(html)),
    outlet: outletOf(link),
    publishedAt,
    image: isHttpUrl(entry.image) ? entry.image : null,
  };
}

/**
 * A topic's RSS/Atom feeds, fetched through search-svc (SSRF guard, size and time limits) and
 * parsed with feed-extractor; item HTML becomes plain text. A feed that fails, or is not a feed,
 * is recorded and the others still count.
 */
export async function readTopicFeeds(
  search: SearchClient,
  feeds: readonly string[],
  options: { maxBytes: number; itemsPerFeed: number },
): Promise<Gathered> {
  const outcomes = await Promise.allSettled(
    feeds.map(async (url) => {
      const document = await search.fetchRaw(url, options.maxBytes);
      return parseFeed(document.body, document.url)
        .slice(0, options.itemsPerFeed)
        .flatMap((entry) => articleFromEntry(entry) ?? []);
    }),
  );
  const gathered: Gathered = { articles: [], attempted: feeds.length, failures: [] };
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') gathered.articles.push(...outcome.value);
    else
      gathered.failures.push({ source: `feed ${redactUrl(feeds[index] as string)}`, error: outcome.reason });
  });
  return gathered;
}
