import { z } from 'zod';
import { chartRanges } from './market/history.ts';
import { symbolSchema } from './symbols.ts';

/** The request shapes of every route. */
export const symbolPath = z.object({ symbol: symbolSchema });

export const historyQuery = z.object({
  /** Case does not matter ("ytd" is YTD); 1D when absent. */
  range: z
    .string()
    .transform((value) => value.trim().toUpperCase())
    .pipe(z.enum(chartRanges, { error: `must be one of ${chartRanges.join(', ')}` }))
    .default('1D'),
});

/** What the cache-worker sends (docs/pages.md). */
export const refreshInput = z.strictObject({
  deadlineMs: z.number().int().min(1).max(3_600_000).default(90_000),
});
