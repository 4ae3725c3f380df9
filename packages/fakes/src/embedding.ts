import { words } from './words.ts';

export const EMBEDDING_DIMENSIONS = 64;

/** FNV-1a: fast, stable across runs and platforms. */
function hash(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic unit vector: each word adds ±1 to a hashed dimension (a "hashing trick" bag of
 * words), so texts sharing words point the same way and cosine similarity means something.
 */
export function embed(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of words(text)) {
    const h = hash(word);
    vector[h % dimensions] = (vector[h % dimensions] ?? 0) + ((h >>> 16) & 1 ? 1 : -1);
  }
  let norm = Math.hypot(...vector);
  // Empty text still needs a valid unit vector, or cosine similarity divides by zero.
  if (norm === 0) {
    vector[0] = 1;
    norm = 1;
  }
  return vector.map((value) => value / norm);
}

/** What the openai client asks for by default: little-endian float32 bytes, base64. */
export function toBase64Float32(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i] ?? 0, i * 4);
  return bytes.toString('base64');
}
