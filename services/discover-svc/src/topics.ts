import { z } from 'zod';
import { isHttpUrl } from './news/article.ts';

/** A Discover topic: what the page shows as a tab, and what is searched to fill it. */
export interface Topic {
  id: string;
  label: string;
  /** News searches run for it (several, so one phrasing's blind spots are covered by another). */
  queries: string[];
  /** RSS/Atom feeds read for it, besides the searches. */
  feeds: string[];
  /** Where its feed is cached; `feed:<id>` when not given (a user's custom topic gives its own). */
  cacheKey?: string;
}

/**
 * The default topics and their searches: broad phrasings that SearXNG's news engines answer well.
 * Operators replace them with DISCOVER_TOPICS.
 */
export const DEFAULT_TOPICS =
  'top=top news|breaking news|world headlines;' +
  'tech=technology|artificial intelligence|software|gadgets;' +
  'science=science|space exploration|research study|climate science;' +
  'finance=stock market|economy|business|interest rates;' +
  'sports=sports|football|basketball|tennis;' +
  'culture=culture|film|music|books arts;' +
  'health=health|medicine|disease outbreak|nutrition;' +
  'world=world news|international diplomacy|conflict|elections';

const knownLabels: Record<string, string> = {
  top: 'Top',
  tech: 'Tech',
  science: 'Science',
  finance: 'Finance',
  sports: 'Sports',
  culture: 'Arts & Culture',
  health: 'Health',
  world: 'World',
};

export const TOPIC_ID = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_TOPICS = 30;
const MAX_QUERIES = 10;
const MAX_FEEDS_PER_TOPIC = 10;

const labelOf = (id: string) =>
  knownLabels[id] ?? id.charAt(0).toUpperCase() + id.slice(1).replaceAll('-', ' ');

type Issue = (message: string) => void;

/**
 * "top=top news|breaking news;tech=technology|ai" → topics in that order. Topics are separated by
 * ";", an id from its searches by "=", searches by "|" (commas stay usable inside a search).
 */
export function parseTopics(value: string, issue: Issue): Topic[] {
  const topics: Topic[] = [];
  for (const entry of value
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf('=');
    const id = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    if (!TOPIC_ID.test(id)) {
      issue(`topic "${id}" must be lower-case letters, digits or "-" (1..32, starting with a letter)`);
      continue;
    }
    const queries = (separator < 0 ? '' : entry.slice(separator + 1))
      .split('|')
      .map((query) => query.trim())
      .filter(Boolean);
    if (queries.length === 0 || queries.length > MAX_QUERIES || queries.some((q) => q.length > 200)) {
      issue(
        `topic "${id}" needs 1..${MAX_QUERIES} searches of at most 200 characters, as ${id}=search|search`,
      );
      continue;
    }
    if (topics.some((topic) => topic.id === id)) {
      issue(`topic "${id}" is given twice`);
      continue;
    }
    topics.push({ id, label: labelOf(id), queries, feeds: [] });
  }
  if (topics.length === 0) issue('give at least one topic, as id=search|search;id=search');
  if (topics.length > MAX_TOPICS) issue(`at most ${MAX_TOPICS} topics`);
  return topics;
}

/** "tech=https://a/feed,tech=https://b/rss,science=https://c/atom" → feed URLs per topic id. */
export function parseFeeds(value: string, issue: Issue): Map<string, string[]> {
  // A Map, so a topic called "constructor" is a topic like any other.
  const feeds = new Map<string, string[]>();
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf('=');
    const id = entry.slice(0, Math.max(0, separator)).trim();
    const url = entry.slice(separator + 1).trim();
    if (separator < 0 || !TOPIC_ID.test(id) || !isHttpUrl(url)) {
      issue(`entry "${entry}" is not of the form topic=https://…`);
      continue;
    }
    const list = feeds.get(id) ?? [];
    if (!list.includes(url)) list.push(url);
    feeds.set(id, list);
  }
  for (const [id, urls] of feeds) {
    if (urls.length > MAX_FEEDS_PER_TOPIC) issue(`topic "${id}" has more than ${MAX_FEEDS_PER_TOPIC} feeds`);
  }
  return feeds;
}

/** The env value of DISCOVER_TOPICS, parsed (zod issues name the variable). */
export const topicsField = z
  .string()
  .default(DEFAULT_TOPICS)
  .transform((value, ctx) => parseTopics(value, (message) => ctx.addIssue({ code: 'custom', message })));

export const feedsField = z
  .string()
  .default('')
  .transform((value, ctx) => parseFeeds(value, (message) => ctx.addIssue({ code: 'custom', message })));

/** The configured topics with their feeds attached, in the order DISCOVER_TOPICS gives them. */
export function configuredTopics(config: {
  DISCOVER_TOPICS: Topic[];
  DISCOVER_FEEDS: Map<string, string[]>;
}): Topic[] {
  return config.DISCOVER_TOPICS.map((topic) => ({
    ...topic,
    feeds: config.DISCOVER_FEEDS.get(topic.id) ?? [],
  }));
}
