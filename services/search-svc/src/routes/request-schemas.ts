import { z } from 'zod';
import { focuses, timeRanges } from '../search/types.ts';

const query = z.string().trim().min(1, 'must not be empty').max(2000);
const language = z
  .string()
  .regex(/^(all|auto|[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,4})?)$/, 'must be a language code like "en" or "pt-BR"');
const maxCharsPerPage = z.number().int().min(200).max(100_000).default(8_000);

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
});

export const researchBody = z.object({
  queries: z.array(query).min(1).max(8),
  focus: z.enum(focuses).default('web'),
  language: language.optional(),
  readPages: z.number().int().min(0).max(10).default(3),
  maxCharsPerPage,
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
