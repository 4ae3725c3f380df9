import {
  defaultResponder,
  promptTokens,
  type Responder,
  type ResponderRequest,
  type ResponderToolCall,
} from './responder.ts';
import { countTokens } from './words.ts';

/**
 * - ok: answers normally.
 * - rate_limited: 429 with `retry-after: 1`.
 * - error500: 500.
 * - fail_mid_stream: sends a few chunks (or half a body), then destroys the socket.
 * - hang: accepts the request and never answers (until `close()`).
 */
export type LlmMode = 'ok' | 'rate_limited' | 'error500' | 'fail_mid_stream' | 'hang';

export interface FakeLlmOptions {
  latencyMs?: number;
  /** Pause between streamed chunks; 0 writes the whole stream at once. */
  chunkDelayMs?: number;
  respond?: Responder;
}

/** The switches and counters the OpenAI and Ollama fakes share. */
export interface LlmSwitches {
  setMode(mode: LlmMode): void;
  setResponder(respond: Responder): void;
  /** Chat (and Ollama generate) requests received, whatever the mode. */
  chatCount(): number;
  /** Embedding requests received, whatever the mode. */
  embeddingCount(): number;
}

export class LlmState implements LlmSwitches {
  mode: LlmMode = 'ok';
  respond: Responder;
  chats = 0;
  embeddings = 0;
  readonly chunkDelayMs: number;
  readonly #defaultRespond: Responder;

  constructor(options: FakeLlmOptions) {
    this.#defaultRespond = options.respond ?? defaultResponder;
    this.respond = this.#defaultRespond;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
  }

  reset(): void {
    this.mode = 'ok';
    this.respond = this.#defaultRespond;
    this.chats = 0;
    this.embeddings = 0;
  }

  setMode(mode: LlmMode): void {
    this.mode = mode;
  }
  setResponder(respond: Responder): void {
    this.respond = respond;
  }
  chatCount(): number {
    return this.chats;
  }
  embeddingCount(): number {
    return this.embeddings;
  }
}

/** Word-sized pieces that join back to the exact text, whitespace included. */
export function wordChunks(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** The switches as plain functions, so tests can destructure them off the fake. */
export function llmSwitches(state: LlmState): LlmSwitches {
  return {
    setMode: (mode) => state.setMode(mode),
    setResponder: (respond) => state.setResponder(respond),
    chatCount: () => state.chatCount(),
    embeddingCount: () => state.embeddingCount(),
  };
}

/** A responder's reply with the gaps filled and usage counted, ready for either wire format. */
export interface Completion {
  content: string;
  toolCalls: ResponderToolCall[];
  promptTokens: number;
  completionTokens: number;
}

export async function complete(respond: Responder, request: ResponderRequest): Promise<Completion> {
  const reply = await respond(request);
  const content = reply.content ?? '';
  const toolCalls = reply.toolCalls ?? [];
  let completionTokens = countTokens(content);
  for (const call of toolCalls) completionTokens += countTokens(JSON.stringify(call.arguments)) + 1;
  return { content, toolCalls, promptTokens: promptTokens(request.messages), completionTokens };
}
