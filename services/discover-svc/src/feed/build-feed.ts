import type { Logger } from '@perplexica/observability';
import { mapLimited } from '../map-limited.ts';
import type { Article } from '../news/article.ts';
import { clusterArticles } from '../news/cluster-articles.ts';
import { extractiveSummary } from '../news/extractive-summary.ts';
import type { StorySummarizer } from '../news/model-summary.ts';
import { draftStory, rankStories, type Story, type StoryDraft } from '../news/story.ts';
import type { SummaryMemo } from '../news/summary-memo.ts';
import { triangulate } from '../news/triangulate.ts';
import { NewsSearchUnavailable, type SearchClient } from '../search-client.ts';
import { combine, type Gathered } from '../sources/gathered.ts';
import { searchTopicNews } from '../sources/news-search.ts';
import { readTopicFeeds } from '../sources/rss-feeds.ts';
import type { Topic } from '../topics.ts';
import { describeError, discoverNotConfigured, providerFailure } from './provider-failure.ts';

/** A topic's feed as cached and paged: every story, best first. */
export interface TopicFeed {
  topic: { id: string; label: string };
  generatedAt: string;
  stories: Story[];
  /** Searches and feeds read, and how many failed: a feed built from part of its sources says so. */
  sources: { tried: number; failed: number };
  /** The model that wrote summaries (`summaryKind: 'model'`), or null when none is configured. */
  summaryModel: string | null;
}

export interface FeedSettings {
  timeRange: 'day' | 'week';
  minArticles: number;
  resultsPerQuery: number;
  itemsPerFeed: number;
  feedMaxBytes: number;
  maxStories: number;
  clusterThreshold: number;
  modelSummaries: number;
  summaryConcurrency: number;
}

export interface FeedBuilderDeps {
  search: SearchClient;
  summarizer: StorySummarizer | null;
  memo: SummaryMemo;
  logger: Logger;
  settings: FeedSettings;
}

/**
 * One article per canonical URL. The same article found by two searches (or a search and a feed)
 * keeps the first copy, filling in what it lacks (a date, a picture, a longer snippet) from the
 * others.
 */
export function dedupeArticles(articles: readonly Article[]): Article[] {
  const byKey = new Map<string, Article>();
  for (const article of articles) {
    const kept = byKey.get(article.key);
    if (!kept) {
      byKey.set(article.key, { ...article });
      continue;
    }
    kept.publishedAt ??= article.publishedAt;
    kept.image ??= article.image;
    if (article.snippet.length > kept.snippet.length) kept.snippet = article.snippet;
  }
  return [...byKey.values()];
}

/**
 * Builds topic feeds: the topic's news searches (the day first, the week too when the day is thin)
 * and feeds → articles, de-duplicated by canonical URL → clustered into stories across outlets →
 * ranked → summarised (the model for the best `modelSummaries` stories when one is configured,
 * extractive otherwise). Throws 502/504 only when every source failed; a feed built from the
 * sources that answered is better than none.
 */
export function createFeedBuilder(deps: FeedBuilderDeps): (topic: Topic) => Promise<TopicFeed> {
  const { settings, logger } = deps;

  async function gather(topic: Topic): Promise<Gathered> {
    const search = (timeRange: 'day' | 'week') =>
      searchTopicNews(deps.search, topic.queries, { timeRange, limit: settings.resultsPerQuery });
    const [news, feeds] = await Promise.all([
      search(settings.timeRange),
      readTopicFeeds(deps.search, topic.feeds, {
        maxBytes: settings.feedMaxBytes,
        itemsPerFeed: settings.itemsPerFeed,
      }),
    ]);
    let gathered = combine(news, feeds);
    const found = dedupeArticles(gathered.articles).length;
    if (
      settings.timeRange === 'day' &&
      found < settings.minArticles &&
      news.failures.length < news.attempted
    ) {
      gathered = combine(gathered, await search('week'));
    }
    return gathered;
  }

  async function summarise(drafts: StoryDraft[]): Promise<Story[]> {
    const { summarizer } = deps;
    // A provider that failed once (down, rate limiting, a wrong key) will not recover within one
    // build: the rest of it is extractive instead of waiting on each story's timeout.
    let modelDown = false;
    return mapLimited(drafts, settings.summaryConcurrency, async (draft, index) => {
      const { articles: _articles, ...rest } = draft;
      // Needs the articles' text, which the cached feed does not keep: computed now or never.
      const story = { ...rest, triangulation: triangulate(draft) };
      if (summarizer && index < settings.modelSummaries && !modelDown) {
        const remembered = await deps.memo.get(draft, summarizer.name);
        if (remembered) return { ...story, summary: remembered, summaryKind: 'model' as const };
        try {
          const written = await summarizer.summarize(draft, new AbortController().signal);
          if (written) {
            await deps.memo.set(draft, summarizer.name, written);
            return { ...story, summary: written, summaryKind: 'model' as const };
          }
          logger.warn(
            { story: draft.id },
            'model summary unusable (no JSON or no valid citation); extractive',
          );
        } catch (error) {
          modelDown = true;
          logger.warn({ story: draft.id, reason: describeError(error) }, 'model summary failed; extractive');
        }
      }
      const summary = extractiveSummary(draft) || `${draft.sources[0]?.title ?? draft.title} [1]`;
      return { ...story, summary, summaryKind: 'extractive' as const };
    });
  }

  return async (topic) => {
    const gathered = await gather(topic);
    const noNewsSearch = gathered.failures.some((failure) => failure.error instanceof NewsSearchUnavailable);
    if (noNewsSearch && gathered.articles.length === 0) throw discoverNotConfigured();
    if (gathered.attempted > 0 && gathered.failures.length === gathered.attempted) {
      throw providerFailure(topic.id, gathered.failures);
    }
    for (const failure of gathered.failures) {
      if (failure.error instanceof NewsSearchUnavailable) continue;
      logger.warn(
        { topic: topic.id, source: failure.source, reason: describeError(failure.error) },
        'source failed',
      );
    }
    const articles = dedupeArticles(gathered.articles);
    const clusters = clusterArticles(articles, settings.clusterThreshold);
    const drafts = rankStories(clusters.map(draftStory)).slice(0, settings.maxStories);
    return {
      topic: { id: topic.id, label: topic.label },
      generatedAt: new Date().toISOString(),
      stories: await summarise(drafts),
      sources: { tried: gathered.attempted, failed: gathered.failures.length },
      summaryModel: deps.summarizer?.name ?? null,
    };
  };
}
