/** A message in the OpenAI chat shape, which both providers are given. */
export interface ModelMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: ModelToolCall[];
  toolCallId?: string;
}

export interface ModelToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export interface ModelTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: unknown;
}

export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ModelRequest {
  messages: ModelMessage[];
  tools?: ModelTool[];
  /** Ask for a JSON object back (query rewriting, related questions). */
  json?: boolean;
  /**
   * Ask for JSON matching this schema (structured output): OpenAI's `json_schema` response format
   * (strict), Ollama's `format`. Callers still validate what comes back.
   */
  schema?: { name: string; schema: Record<string, unknown> };
  maxTokens?: number;
  /** 0 for extraction-like calls that should not vary; the provider's default when absent. */
  temperature?: number;
  signal: AbortSignal;
}

export interface ModelReply {
  text: string;
  toolCalls: ModelToolCall[];
  usage: ModelUsage;
}

/** One streamed piece: text, or the usage figures at the end. */
export type ModelChunk = { text: string } | { usage: ModelUsage };

/** What the pipeline needs from a provider; openai and ollama implement it with their own clients. */
export interface ChatModel {
  /** Shown to users as meta.model. */
  readonly name: string;
  stream(request: ModelRequest): AsyncIterable<ModelChunk>;
  complete(request: ModelRequest): Promise<ModelReply>;
  /** Absent when the provider has no embedding model configured. */
  embed?(texts: string[], signal: AbortSignal): Promise<number[][]>;
}

export type ModelFailure = 'rate_limited' | 'timeout' | 'unavailable' | 'failed';

/** A provider failure the user can read; the pipeline turns it into an `error` event. */
export class ModelError extends Error {
  readonly kind: ModelFailure;
  /** The provider's HTTP status, when it answered with one. */
  readonly status: number | undefined;
  constructor(kind: ModelFailure, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options);
    this.name = 'ModelError';
    this.kind = kind;
    this.status = options.status;
  }

  /** Whether trying again later may help: not for a 4xx such as a wrong model name or key. */
  get retryable(): boolean {
    if (this.kind !== 'failed') return true;
    const status = this.status;
    return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
  }
}

export const emptyUsage = (): ModelUsage => ({ promptTokens: 0, completionTokens: 0 });

/**
 * Wraps a chunk stream so a provider that goes silent mid-answer fails with a timeout instead of
 * hanging: each chunk must arrive within `idleMs`, and the abort reaches the client library.
 * One timer per stream, re-armed only when it fires early, rather than a timer reset per token.
 */
export async function* withIdleTimeout<T>(
  source: (signal: AbortSignal) => AsyncIterable<T>,
  outer: AbortSignal,
  idleMs: number,
): AsyncGenerator<T> {
  const idle = new AbortController();
  const signal = AbortSignal.any([outer, idle.signal]);
  let lastChunkAt = performance.now();
  const check = () => {
    const silentFor = performance.now() - lastChunkAt;
    if (silentFor >= idleMs) idle.abort(new ModelError('timeout', 'timed out'));
    else timer = setTimeout(check, idleMs - silentFor);
  };
  let timer = setTimeout(check, idleMs);
  try {
    for await (const chunk of source(signal)) {
      lastChunkAt = performance.now();
      yield chunk;
    }
    // Some clients end the iteration quietly when aborted: an aborted stream must not look finished.
    if (signal.aborted) throw signal.reason;
  } catch (error) {
    if (idle.signal.aborted && !outer.aborted) {
      throw new ModelError('timeout', `The model went silent for ${idleMs} ms and was cancelled`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A provider's chunk stream with the idle timeout applied and its failures made readable. */
export async function* guardedStream(
  request: ModelRequest,
  source: (request: ModelRequest, signal: AbortSignal) => AsyncIterable<ModelChunk>,
  idleMs: number,
  failure: (error: unknown, signal: AbortSignal) => unknown,
): AsyncGenerator<ModelChunk> {
  try {
    yield* withIdleTimeout((signal) => source(request, signal), request.signal, idleMs);
  } catch (error) {
    throw failure(error, request.signal);
  }
}
