import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
import type { ChatModel } from '@perplexica/llm';
import { z } from 'zod';
import type { SearchClient } from '../clients/search-client.ts';
import { mastraModelFor } from '../providers/mastra-model.ts';
import type { PageText, SearchResult, UnresponsiveEngine } from './sources.ts';

/** What the research rounds found, shared by the tools and read by the answer step. */
export interface ResearchPool {
  results: SearchResult[];
  pages: PageText[];
  unresponsiveEngines: UnresponsiveEngine[];
}

const MAX_POOL_RESULTS = 60;
const MAX_CHARS_PER_PAGE = 6_000;

/** Numbered lines the model can read; the numbers are local to this tool result. */
function digest(results: SearchResult[], pages: PageText[]): string {
  const lines = results
    .slice(0, 8)
    .map((result, index) => `[${index + 1}] ${result.title}\n${result.snippet}`);
  for (const page of pages.slice(0, 3)) lines.push(`Page ${page.url}:\n${page.text.slice(0, 1_500)}`);
  return lines.join('\n\n') || 'No results.';
}

/**
 * Quality mode's research rounds: a Mastra Agent with two tools, web search and page reading,
 * deciding what to look up next from what it has read, for at most `maxSteps` steps. Each tool
 * call is reported as a progress step. The agent's own notes are not the answer: the answer is
 * written afterwards from the pooled sources, with citations.
 */
export async function researchWithAgent(input: {
  model: ChatModel;
  search: SearchClient;
  question: string;
  focus: string;
  language?: string;
  maxSteps: number;
  pool: ResearchPool;
  signal: AbortSignal;
  onStep: (text: string) => void;
}): Promise<void> {
  const { pool, search } = input;
  const searchWeb = createTool({
    id: 'searchWeb',
    description: 'Search the web and read the best pages. Use a precise query.',
    inputSchema: z.object({ query: z.string().min(1).max(400) }),
    execute: async ({ query }) => {
      input.onStep(`Searching: ${query}`);
      const found = await search.research({
        queries: [query],
        focus: input.focus,
        readPages: 2,
        maxCharsPerPage: MAX_CHARS_PER_PAGE,
        ...(input.language ? { language: input.language } : {}),
      });
      if (pool.results.length < MAX_POOL_RESULTS) pool.results.push(...found.results);
      pool.pages.push(...found.pages);
      pool.unresponsiveEngines.push(...found.unresponsiveEngines);
      return digest(found.results, found.pages);
    },
  });
  const readPages = createTool({
    id: 'readPages',
    description: 'Read the full text of up to 3 pages by URL.',
    inputSchema: z.object({ urls: z.array(z.url()).min(1).max(3) }),
    execute: async ({ urls }) => {
      input.onStep(`Reading ${urls.length} page${urls.length === 1 ? '' : 's'}`);
      const pages = await search.fetchPages(urls, MAX_CHARS_PER_PAGE);
      pool.pages.push(...pages);
      return digest([], pages);
    },
  });
  const agent = new Agent({
    id: 'perplexica-researcher',
    name: 'Perplexica researcher',
    instructions:
      'You research a question for an answer engine. Use searchWeb for each aspect the question needs, and readPages for pages worth reading in full. When you know enough, reply with a short summary of your findings.',
    model: mastraModelFor(input.model, input.signal),
    tools: { searchWeb, readPages },
  });
  await agent.generate(input.question, { maxSteps: input.maxSteps, abortSignal: input.signal });
}
