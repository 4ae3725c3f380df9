// A small BM25 over a handful of search results. Libraries (wink-bm25-text-search) want an index
// built and consolidated ahead of time with a minimum corpus size; here every answer ranks its own
// 5-30 fresh documents once, which these few lines do without that ceremony.

const K1 = 1.2;
const B = 0.75;

export function terms(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [];
}

/** BM25 score of each document for the query, in document order. */
export function bm25Scores(query: string, documents: string[]): number[] {
  const queryTerms = [...new Set(terms(query))];
  const docs = documents.map(terms);
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length) || 1;
  const frequencies = docs.map((doc) => {
    const counts = new Map<string, number>();
    for (const term of doc) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  const idf = new Map<string, number>();
  for (const term of queryTerms) {
    const containing = frequencies.filter((counts) => counts.has(term)).length;
    idf.set(term, Math.log(1 + (docs.length - containing + 0.5) / (containing + 0.5)));
  }
  return frequencies.map((counts, index) => {
    const length = docs[index]?.length ?? 0;
    let score = 0;
    for (const term of queryTerms) {
      const tf = counts.get(term) ?? 0;
      if (tf === 0) continue;
      score += ((idf.get(term) ?? 0) * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
    }
    return score;
  });
}
