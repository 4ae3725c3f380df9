/** Turns texts into unit vectors; similar meaning points the same way. */
export interface Embedder {
  /** Stored beside every vector: vectors of different models are never compared. */
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** An embedding provider that failed or was unreachable; callers fall back to full-text search. */
export class EmbeddingError extends Error {
  override readonly name = 'EmbeddingError';
}
