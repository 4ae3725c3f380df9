import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from '@perplexica/observability';
import { z } from 'zod';
import type { SearchClient, SearchResponse } from '../clients/search-client.ts';
import { searchFailureWords, toolFailure } from './tool-failure.ts';
import { describeResult, resultShape, unresponsiveEngineSchema } from './tool-schemas.ts';

/** What search-svc searches (its focuses; "writing" and "files" are answer modes, not searches). */
const searchFocuses = ['web', 'academic', 'video', 'social', 'patents', 'local'] as const;

const searchInput = z.strictObject({
  query: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  focus: z
    .enum(searchFocuses)
    .default('web')
    .describe('where to search: web (default), academic papers, video, social, patents, local documents'),
  limit: z.number().int().min(1).max(50).default(10).describe('how many results, 1..50 (default 10)'),
});

const searchOutput = z.object({
  query: z.string(),
  focus: z.enum(searchFocuses),
  results: z.array(z.object(resultShape)),
  unresponsiveEngines: z.array(unresponsiveEngineSchema),
  notice: z.string().nullable().describe("search-svc's word to the user, e.g. that nothing is indexed yet"),
});

/** `search`: the engine's web search as it is, results without an answer (search-svc's /search). */
export function registerSearchTool(server: McpServer, deps: { search: SearchClient; logger: Logger }): void {
  server.registerTool(
    'search',
    {
      title: 'Web search',
      description:
        'Searches the web (through the engine’s SearXNG metasearch) and returns the results: title, URL, snippet, published date and the engines that found each. Use `ask` for a written answer with citations.',
      inputSchema: searchInput,
      outputSchema: searchOutput,
      annotations: { readOnlyHint: true, openWorldHint: true, idempotentHint: true },
    },
    async ({ query, focus, limit }) => {
      let found: SearchResponse;
      try {
        found = await deps.search.search({ query, focus, limit });
      } catch (error) {
        deps.logger.warn({ err: error }, 'mcp search failed');
        return toolFailure(searchFailureWords(error));
      }
      const results = found.results.slice(0, limit).map((result) => ({
        title: result.title,
        url: result.url,
        snippet: result.snippet,
        publishedDate: result.publishedDate ?? null,
        engines: result.engines ?? [],
      }));
      const lines = results.map((result, i) => describeResult(`${i + 1}.`, result));
      const heading =
        results.length === 0
          ? (found.notice ?? `No results for “${query}”.`)
          : `${results.length} results for “${query}”:`;
      return {
        content: [{ type: 'text', text: [heading, ...lines].join('\n\n') }],
        structuredContent: {
          query,
          focus,
          results,
          unresponsiveEngines: found.unresponsiveEngines,
          notice: found.notice ?? null,
        },
      };
    },
  );
}
