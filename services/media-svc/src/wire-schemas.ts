import { z } from 'zod';

export const mediaKinds = ['images', 'videos'] as const;
export type MediaKind = (typeof mediaKinds)[number];

/** What a user may ask for, and what SearXNG's `safesearch` calls it. */
export const safeSearchLevels = { off: 0, moderate: 1, strict: 2 } as const;
export type SafeSearch = keyof typeof safeSearchLevels;

export const limits = { queryChars: 300, pages: 5 } as const;

/**
 * The query as searched and cached: NFKC (full-width letters are letters), spaces collapsed,
 * lowercase (SearXNG's engines ignore case), so spelling variants share one cache entry.
 */
const searchQuery = z
  .string()
  .transform((value) => value.normalize('NFKC').replaceAll('\u0000', '').trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'must not be empty').max(limits.queryChars))
  .transform((value) => value.toLowerCase());

/** `?q=&safe=&page=` of both routes. Safe search is on (moderate) unless the caller turns it off. */
export const mediaQuery = z.object({
  q: searchQuery,
  safe: z.enum(Object.keys(safeSearchLevels) as [SafeSearch, ...SafeSearch[]]).default('moderate'),
  page: z.coerce.number().int().min(1).max(limits.pages).default(1),
});
export type MediaQuery = z.infer<typeof mediaQuery>;
