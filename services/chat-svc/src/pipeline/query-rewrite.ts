import type { ChatModel, ModelMessage, ModelUsage } from '@perplexica/llm';

/**
 * Turns the question (and the conversation so far) into standalone search queries. The model sees
 * the history as earlier messages, so "and its price?" becomes a query that names the product.
 */
export async function rewriteQueries(
  model: ChatModel,
  input: { question: string; history: ModelMessage[]; maxQueries: number; signal: AbortSignal },
): Promise<{ queries: string[]; usage: ModelUsage }> {
  const reply = await model.complete({
    messages: [
      {
        role: 'system',
        content: `Rewrite the user's latest question into at most ${input.maxQueries} standalone web search queries, resolving references to the conversation. Reply with JSON only: {"queries": ["..."]}.`,
      },
      ...input.history,
      { role: 'user', content: `Follow-up question: ${input.question}` },
    ],
    json: true,
    maxTokens: 200,
    signal: input.signal,
  });
  return { queries: parseQueries(reply.text, input.question, input.maxQueries), usage: reply.usage };
}

function parseQueries(text: string, fallback: string, max: number): string[] {
  try {
    const value = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as {
      queries?: unknown;
    };
    const queries = Array.isArray(value.queries)
      ? value.queries
          .filter((q): q is string => typeof q === 'string' && q.trim().length > 0)
          .map((q) => q.trim().slice(0, 500))
      : [];
    return queries.length > 0 ? [...new Set(queries)].slice(0, max) : [fallback];
  } catch {
    return [fallback];
  }
}
