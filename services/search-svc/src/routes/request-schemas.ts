import { z } from 'zod';
import { focuses, recencies, timeRanges } from '../search/types.ts';

const query = z.string().trim().min(1, 'must not be empty').max(2000);
const language = z
  .string()
  .regex(/^(all|auto|[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,4})?)$/, 'must be a language code like "en" or "pt-BR"');
const maxCharsPerPage = z.number().int().min(200).max(100_000).default(8_000);

// A DNS name: dot-separated labels of letters, digits and inner hyphens (IDNs in punycode).
const hostnamePattern =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .regex(hostnamePattern, 'must be a hostname like example.com, without scheme or path');
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((day) => {
    const parsed = new Date(`${day}T00:00:00.000Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day);
  }, 'is not a real date');

/** Restrictions on what may be returned (chat-svc sends Perplexity Sonar's search controls here). */
export const searchFilters = z
  .strictObject({
    allowDomains: z.array(hostname).max(20).optional(),
    denyDomains: z.array(hostname).max(20).optional(),
    recency: z.enum(recencies).optional(),
    publishedAfter: calendarDay.optional(),
    publishedBefore: calendarDay.optional(),
  })
  .refine((f) => !f.publishedAfter || !f.publishedBefore || f.publishedAfter <= f.publishedBefore, {
    path: ['publishedAfter'],
    message: 'must not be later than publishedBefore',
  });

export const searchBody = z.object({
  query,
  focus: z.enum(focuses).default('web'),
  categories: z.array(z.string().trim().min(1).max(40)).min(1).max(10).optional(),
  engines: z.array(z.string().trim().min(1).max(60)).min(1).max(20).optional(),
  language: language.optional(),
  timeRange: z.enum(timeRanges).optional(),
  safesearch: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  pageno: z.number().int().min(1).max(20).default(1),
  limit: z.number().int().min(1).max(50).default(10),
  filters: searchFilters.optional(),
});

export const researchBody = z.object({
  queries: z.array(query).min(1).max(8),
  focus: z.enum(focuses).default('web'),
  language: language.optional(),
  readPages: z.number().int().min(0).max(10).default(3),
  maxCharsPerPage,
  filters: searchFilters.optional(),
});

export const fetchBody = z.object({
  urls: z.array(z.string().min(1).max(4096)).min(1).max(10),
  maxCharsPerPage,
});

const httpUrl = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

/** maxBytes above FETCH_MAX_BYTES is lowered to it. */
export const fetchRawBody = z.object({
  url: httpUrl,
  maxBytes: z.number().int().min(1).max(1_000_000_000).optional(),
});

export const documentBody = z.object({
  url: z.string().trim().min(1).max(4096),
  title: z.string().trim().min(1).max(1000),
  content: z.string().trim().min(1),
});

export const patentsQuery = z.object({
  q: query,
  pageno: z.coerce.number().int().min(1).max(20).default(1),
});
