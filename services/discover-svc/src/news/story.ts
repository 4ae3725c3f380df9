import { createHash } from 'node:crypto';
import type { Article } from './article.ts';
import type { Triangulation } from './triangulate.ts';

/** One outlet's report, numbered as the summary cites it. */
export interface StorySource {
  n: number;
  title: string;
  url: string;
  /** The host it was published on, e.g. "reuters.com". */
  outlet: string;
  publishedDate: string | null;
}

/** How a summary was written: by the configured model, or picked from the sources' own sentences. */
export type SummaryKind = 'model' | 'extractive';

/** One event as the Discover page shows it. */
export interface Story {
  /** Stable while the story's first report stays in the window: a hash of that report's URL. */
  id: string;
  title: string;
  /** Cites `sources` with [n]. */
  summary: string;
  summaryKind: SummaryKind;
  image: string | null;
  sources: StorySource[];
  /** The newest report's date: when the story last moved. */
  publishedAt: string | null;
  /** The distinct outlets reporting it, the lead's first. */
  outlets: string[];
  /**
   * Where its outlets agree and differ (null with one outlet). Kept in the cached feed, served
   * only by the triangulation route so pages stay small; absent from feeds cached before it existed.
   */
  triangulation?: Triangulation | null;
}

/** A story before its summary is written, with the articles the summary is drawn from. */
export interface StoryDraft extends Omit<Story, 'summary' | 'summaryKind' | 'triangulation'> {
  /** Its articles in source order: articles[i] is source n = i + 1. */
  articles: Article[];
}

/** Sources listed (and offered to the summary) per story at most. */
export const MAX_SOURCES = 8;
/** Age given to undated articles when ranking: old enough not to crowd out dated news. */
const UNDATED_AGE_HOURS = 48;
/** How fast age outweighs size: score = outlets / (age in hours + 2) ^ GRAVITY. */
const GRAVITY = 1.2;

const time = (article: Article) =>
  article.publishedAt ? Date.parse(article.publishedAt) : Number.POSITIVE_INFINITY;

/** First report first (undated last), ties broken by URL so the choice never flips between builds. */
function byFirstReported(a: Article, b: Article): number {
  return time(a) - time(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * "Headline - Reuters" / "Headline | BBC News" → "Headline": outlets sign their titles, the story
 * title should not carry one outlet's name. Only a short tail (≤ 4 words) is taken for a signature.
 */
export function withoutOutletSuffix(title: string): string {
  const match = /^(.{20,}?)\s+[-–—|]\s+([^-–—|]{2,40})$/.exec(title.trim());
  if (match && (match[2] as string).trim().split(/\s+/).length <= 4) return (match[1] as string).trim();
  return title.trim();
}

export const storyIdOf = (leadKey: string) => createHash('sha256').update(leadKey).digest('hex').slice(0, 16);

/**
 * A cluster as a story. The lead is the first report (it does not change as later reports join,
 * so the id stays put); the sources are the lead, then one article per other outlet newest first,
 * then any second articles of an outlet, at most MAX_SOURCES.
 */
export function draftStory(cluster: readonly Article[]): StoryDraft {
  const ordered = [...cluster].sort(byFirstReported);
  const lead = ordered[0] as Article;
  const newestFirst = ordered.slice(1).sort((a, b) => byFirstReported(b, a));
  const seen = new Set([lead.outlet]);
  const firstOfOutlet: Article[] = [];
  const repeats: Article[] = [];
  for (const article of newestFirst) {
    if (seen.has(article.outlet)) repeats.push(article);
    else {
      seen.add(article.outlet);
      firstOfOutlet.push(article);
    }
  }
  const articles = [lead, ...firstOfOutlet, ...repeats].slice(0, MAX_SOURCES);
  const dated = cluster.flatMap((article) => (article.publishedAt ? [Date.parse(article.publishedAt)] : []));
  return {
    id: storyIdOf(lead.key),
    title: withoutOutletSuffix(lead.title),
    image: articles.find((article) => article.image)?.image ?? null,
    sources: articles.map((article, index) => ({
      n: index + 1,
      title: article.title,
      url: article.url,
      outlet: article.outlet,
      publishedDate: article.publishedAt,
    })),
    publishedAt: dated.length > 0 ? new Date(Math.max(...dated)).toISOString() : null,
    outlets: [...new Set(ordered.map((article) => article.outlet))],
    articles,
  };
}

/**
 * Newest and most widely reported first: outlets / (hours since the last report + 2)^1.2, the
 * gravity ranking news aggregators use. Three outlets on a story from six hours ago outrank one
 * outlet an hour ago; a day-old story needs many outlets to stay near the top.
 */
export function rankStories<T extends StoryDraft>(stories: T[], now = Date.now()): T[] {
  const score = (story: T) => {
    const age = story.publishedAt
      ? Math.max(0, (now - Date.parse(story.publishedAt)) / 3_600_000)
      : UNDATED_AGE_HOURS;
    return story.outlets.length / (age + 2) ** GRAVITY;
  };
  return stories
    .map((story) => ({ story, score: score(story) }))
    .sort((a, b) => b.score - a.score || (a.story.id < b.story.id ? -1 : 1))
    .map(({ story }) => story);
}
