import { z } from 'zod';

/** A web result as both tools return it: search-svc's normalised result. */
export const resultShape = {
  title: z.string(),
  url: z.string(),
  snippet: z.string(),
  publishedDate: z.string().nullable().describe('ISO date the page was published, when known'),
  engines: z.array(z.string()).describe('the search engines that returned it'),
};

/** A numbered source of an answer: what its `[n]` citations point to. */
export const sourceSchema = z.object({
  n: z.number().int().min(1).describe('the number the answer cites as [n]'),
  ...resultShape,
});

export const unresponsiveEngineSchema = z.object({ engine: z.string(), reason: z.string() });

/** "Title (date)\n   url\n   snippet": how results and sources read as text. */
export function describeResult(
  label: string,
  result: { title: string; url: string; snippet: string; publishedDate: string | null },
): string {
  const date = result.publishedDate ? ` (${result.publishedDate.slice(0, 10)})` : '';
  const snippet = result.snippet ? `\n   ${result.snippet}` : '';
  return `${label} ${result.title}${date}\n   ${result.url}${snippet}`;
}
