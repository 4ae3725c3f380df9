import type { Article } from './article.ts';
import { termSet } from './terms.ts';

/** How much of the snippet counts for likeness: the lede says what happened, the rest drifts. */
const LEDE_CHARS = 300;
/** Fewer shared terms than this is coincidence, however rare the words. */
const MIN_SHARED_TERMS = 2;

/** The terms an article is compared on: its title and the start of its snippet. */
export const signatureOf = (article: Article): Set<string> =>
  termSet(`${article.title} ${article.snippet.slice(0, LEDE_CHARS)}`);

/**
 * Groups articles that report the same event, across outlets.
 *
 * Each article becomes the set of significant terms of its title and lede (terms.ts: stopwords
 * and news filler dropped, crude stemming). Two articles are alike when the weighted Jaccard
 * similarity of those sets, Σ idf(shared) / Σ idf(either), reaches `threshold` and they share at
 * least two terms. The weight idf(w) = ln(1 + N / df(w)) is taken over the articles being
 * clustered, so a word every story of the topic uses ("market" in finance) counts little and the
 * names that single out one event ("Artemis", "Fed", a company) count much. Alike articles are
 * joined transitively (union-find, single link): A~B and B~C make one story even when A and C
 * were written differently, which is how wire copy and rewrites of it relate.
 *
 * Returns the groups, each in input order; every article is in exactly one group.
 */
export function clusterArticles(articles: readonly Article[], threshold: number): Article[][] {
  const signatures = articles.map(signatureOf);
  const documentFrequency = new Map<string, number>();
  for (const signature of signatures) {
    for (const term of signature) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const count = articles.length;
  const weight = (term: string) => Math.log(1 + count / (documentFrequency.get(term) ?? 1));
  const totals = signatures.map((signature) => {
    let sum = 0;
    for (const term of signature) sum += weight(term);
    return sum;
  });

  const parent = articles.map((_, index) => index);
  const root = (index: number): number => {
    let current = index;
    while (parent[current] !== current) {
      const next = parent[current] as number;
      parent[current] = parent[next] as number;
      current = next;
    }
    return current;
  };

  for (let i = 0; i < count; i++) {
    const a = signatures[i] as Set<string>;
    for (let j = i + 1; j < count; j++) {
      const b = signatures[j] as Set<string>;
      const [small, large] = a.size <= b.size ? [a, b] : [b, a];
      let shared = 0;
      let sharedWeight = 0;
      for (const term of small) {
        if (!large.has(term)) continue;
        shared++;
        sharedWeight += weight(term);
      }
      if (shared < MIN_SHARED_TERMS) continue;
      const unionWeight = (totals[i] as number) + (totals[j] as number) - sharedWeight;
      if (unionWeight > 0 && sharedWeight / unionWeight >= threshold) parent[root(j)] = root(i);
    }
  }

  const groups = new Map<number, Article[]>();
  articles.forEach((article, index) => {
    const key = root(index);
    const group = groups.get(key);
    if (group) group.push(article);
    else groups.set(key, [article]);
  });
  return [...groups.values()];
}
