import type { Candidate, Source } from './sources.ts';
import { estimateTokens, truncateToTokens } from './tokens.ts';

export interface PickedContext {
  sources: Source[];
  /** The numbered source blocks the model reads: "[n] title" then its text, blank line between. */
  text: string;
  /** Per source, the text the model saw (the extractive answerer reads the same). */
  texts: string[];
}

/** Lines of content only: blank lines end a source block in the prompt, so they are squeezed out. */
const squeeze = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');

/**
 * Takes the best candidates, in rank order, until `maxSources` or the token budget is reached.
 * Each source gets an equal share of the budget; a short one leaves its rest to the next.
 */
export function pickContext(ranked: Candidate[], budgetTokens: number, maxSources: number): PickedContext {
  const chosen = ranked.slice(0, maxSources);
  const sources: Source[] = [];
  const blocks: string[] = [];
  const texts: string[] = [];
  let left = budgetTokens;
  for (const [index, candidate] of chosen.entries()) {
    const share = Math.floor(left / (chosen.length - index));
    if (share < 32) break;
    const n = sources.length + 1;
    const { result } = candidate;
    const title = squeeze(result.title).replace(/\n/g, ' ') || result.url;
    const body = squeeze([result.snippet, candidate.pageText].filter(Boolean).join('\n'));
    const header = `[${n}] ${title}`;
    const text = truncateToTokens(body, Math.max(16, share - estimateTokens(header)));
    const block = text ? `${header}\n${text}` : header;
    left -= estimateTokens(block);
    blocks.push(block);
    texts.push(text);
    sources.push({
      n,
      title,
      url: result.url,
      snippet: result.snippet,
      publishedDate: result.publishedDate ?? null,
      engines: result.engines ?? [],
    });
  }
  return { sources, text: blocks.join('\n\n'), texts };
}
