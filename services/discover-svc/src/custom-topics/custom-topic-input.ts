import { z } from 'zod';
import { feedUrlProblem } from './feed-url-guard.ts';

/** Per user and per topic, so one account cannot turn Discover into a crawler. */
export const CUSTOM_TOPIC_LIMITS = {
  topicsPerUser: 20,
  feedsPerTopic: 10,
  keywordsPerTopic: 10,
  sitesPerTopic: 10,
  labelChars: 60,
  keywordChars: 200,
} as const;

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * "https://www.Example.com/news" or "example.com" → "example.com": a site is a host to search
 * with `site:`; the scheme, path and `www.` say nothing more to a news search.
 */
export function siteHost(value: string): string | null {
  const trimmed = value.trim().toLowerCase();
  let host = trimmed;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed)) {
    try {
      host = new URL(trimmed).hostname;
    } catch {
      return null;
    }
  }
  host = host
    .replace(/\/.*$/, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  return HOST.test(host) ? host : null;
}

const unique = (values: string[]) => [...new Set(values)];

const label = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(CUSTOM_TOPIC_LIMITS.labelChars, `must be at most ${CUSTOM_TOPIC_LIMITS.labelChars} characters`);

const keywords = z
  .array(
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(
        CUSTOM_TOPIC_LIMITS.keywordChars,
        `must be at most ${CUSTOM_TOPIC_LIMITS.keywordChars} characters`,
      ),
  )
  .max(CUSTOM_TOPIC_LIMITS.keywordsPerTopic, `at most ${CUSTOM_TOPIC_LIMITS.keywordsPerTopic} keywords`)
  .transform(unique);

const sites = z
  .array(
    z
      .string()
      .max(300)
      .transform((value, ctx) => {
        const host = siteHost(value);
        if (!host) {
          ctx.addIssue({ code: 'custom', message: 'must be a host name such as example.com' });
          return z.NEVER;
        }
        return host;
      }),
  )
  .max(CUSTOM_TOPIC_LIMITS.sitesPerTopic, `at most ${CUSTOM_TOPIC_LIMITS.sitesPerTopic} sites`)
  .transform(unique);

const feeds = (allowPrivate: readonly string[]) =>
  z
    .array(
      z
        .string()
        .trim()
        .superRefine((value, ctx) => {
          const problem = feedUrlProblem(value, allowPrivate);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    )
    .max(CUSTOM_TOPIC_LIMITS.feedsPerTopic, `at most ${CUSTOM_TOPIC_LIMITS.feedsPerTopic} feeds`)
    .transform(unique);

/** A topic with nothing to read would be a tab that is always empty. */
const hasSources = (topic: { feeds: string[]; keywords: string[]; sites: string[] }) =>
  topic.feeds.length + topic.keywords.length + topic.sites.length > 0;

export const NO_SOURCES = 'give at least one feed, keyword or site';

/** POST /custom-topics: a label and at least one source. */
export const createCustomTopicBody = (allowPrivate: readonly string[]) =>
  z
    .strictObject({
      label,
      feeds: feeds(allowPrivate).default([]),
      keywords: keywords.default([]),
      sites: sites.default([]),
    })
    .refine(hasSources, { message: NO_SOURCES, path: ['feeds'] });

/** PATCH /custom-topics/:id: any of the fields, each replacing the stored list whole. */
export const updateCustomTopicBody = (allowPrivate: readonly string[]) =>
  z
    .strictObject({
      label: label.optional(),
      feeds: feeds(allowPrivate).optional(),
      keywords: keywords.optional(),
      sites: sites.optional(),
    })
    .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

export type CustomTopicInput = z.infer<ReturnType<typeof createCustomTopicBody>>;
export type CustomTopicChanges = z.infer<ReturnType<typeof updateCustomTopicBody>>;

export { hasSources };
