import type { Embedder } from './embedder.ts';
import { normalize } from './vectors.ts';

/** Words that appear in every text and so say nothing about what it is about. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this those to was we were what ' +
    'when where which who whom why will with would you your'
  ).split(' '),
);

/** Endings stripped so that "engines", "engine" and "engineering" share a feature ("engin"). */
const SUFFIXES = [
  'ingly',
  'ations',
  'ation',
  'ings',
  'ing',
  'ies',
  'ied',
  'ers',
  'er',
  'es',
  'ed',
  'ly',
  's',
];

function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Meaningful word stems of a text, in order. */
export function stems(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !STOPWORDS.has(word) && (word.length > 1 || /\d/.test(word))).map(stem);
}

/** FNV-1a: fast and stable across runs, machines and Node versions (vectors are stored). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const LOCAL_EMBEDDING_DIMENSIONS = 384;

/**
 * Embeds one text by feature hashing: word stems, pairs of neighbouring stems and the character
 * trigrams of each stem are each hashed to a signed dimension. No model and no download, so it
 * works on any machine; it captures shared vocabulary and word forms (not synonyms), which is what
 * makes it a useful partner to full-text search when no embedding provider is configured.
 */
export function embedLocally(text: string, dimensions = LOCAL_EMBEDDING_DIMENSIONS): Float32Array {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const words = stems(text);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    add(`w:${word}`, 1);
    if (i > 0) add(`b:${words[i - 1]} ${word}`, 0.5);
    const padded = `<${word}>`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`t:${padded.slice(j, j + 3)}`, 0.25);
  }
  const vector = new Float32Array(dimensions);
  for (const [feature, weight] of counts) {
    const h = hash(feature);
    // Sublinear: a word said ten times is not ten times as telling.
    const value = Math.log1p(weight);
    vector[h % dimensions] = (vector[h % dimensions] ?? 0) + (h & 0x80000000 ? -value : value);
  }
  return normalize(vector);
}

export function createLocalEmbedder(dimensions = LOCAL_EMBEDDING_DIMENSIONS): Embedder {
  return {
    model: `local-hash-${dimensions}`,
    async embed(texts) {
      return texts.map((text) => embedLocally(text, dimensions));
    },
  };
}
