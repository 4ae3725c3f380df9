/**
 * A token estimate good enough for budgets: about four characters per token for English-like
 * text. Exact tokenizers differ per model; budgets leave headroom instead of paying for one.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The text cut to about `tokens` tokens, at a word boundary. */
export function truncateToTokens(text: string, tokens: number): string {
  const limit = tokens * 4;
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${space > limit / 2 ? cut.slice(0, space) : cut}…`;
}
