/** Every stored vector of one scope (a user's files or a space's), packed for a fast scan. */
export interface ScopeVectors {
  /** scope_versions.version when these were loaded. */
  version: string;
  model: string;
  dimensions: number;
  chunkIds: Float64Array;
  /** chunkIds.length × dimensions signed bytes, row after row. */
  bytes: Int8Array;
  scales: Float32Array;
}

const sizeOf = (entry: ScopeVectors) =>
  entry.bytes.byteLength + entry.chunkIds.byteLength + entry.scales.byteLength;

/**
 * Least-recently-used scopes' vectors, bounded in bytes. Postgres stays the source of truth: an
 * entry is used only while its scope's version is unchanged, so every replica sees a new or
 * deleted file on its next search without any message between them.
 */
export class VectorCache {
  readonly #entries = new Map<string, ScopeVectors>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get(scope: string, version: string, model: string): ScopeVectors | undefined {
    const entry = this.#entries.get(scope);
    if (!entry || entry.version !== version || entry.model !== model) return undefined;
    // Re-inserting moves it to the back: Map keeps insertion order, the front is the eldest.
    this.#entries.delete(scope);
    this.#entries.set(scope, entry);
    return entry;
  }

  set(scope: string, entry: ScopeVectors): void {
    const previous = this.#entries.get(scope);
    if (previous) {
      this.#bytes -= sizeOf(previous);
      this.#entries.delete(scope);
    }
    if (sizeOf(entry) > this.#maxBytes) return;
    this.#entries.set(scope, entry);
    this.#bytes += sizeOf(entry);
    for (const [eldest, value] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(eldest);
      this.#bytes -= sizeOf(value);
    }
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/** The `k` best chunks by cosine to the (unit) query, best first, at least `minScore`. */
export function nearest(
  vectors: ScopeVectors,
  query: Float32Array,
  k: number,
  minScore: number,
): Array<{ chunkId: number; score: number }> {
  const { dimensions, bytes, scales, chunkIds } = vectors;
  const best: Array<{ chunkId: number; score: number }> = [];
  let floor = minScore;
  for (let row = 0; row < chunkIds.length; row++) {
    const offset = row * dimensions;
    let sum = 0;
    for (let i = 0; i < dimensions; i++) sum += (query[i] as number) * (bytes[offset + i] as number);
    const score = sum * (scales[row] as number);
    if (score < floor) continue;
    best.push({ chunkId: chunkIds[row] as number, score });
    if (best.length > k) {
      best.sort((a, b) => b.score - a.score);
      best.length = k;
      floor = Math.max(minScore, (best[k - 1] as { score: number }).score);
    }
  }
  return best.sort((a, b) => b.score - a.score);
}
