import { type Message, Ollama } from 'ollama';
import {
  type ChatModel,
  guardedStream,
  type ModelChunk,
  ModelError,
  type ModelMessage,
  type ModelRequest,
  type ModelToolCall,
} from './chat-model.ts';

export interface OllamaModelConfig {
  url: string;
  chatModel: string;
  /** Empty: no embeddings (lexical ranking). */
  embeddingModel: string;
  timeoutMs: number;
  idleTimeoutMs: number;
}

/**
 * The ollama client takes no per-call AbortSignal; a client per call whose fetch carries ours (plus
 * the start timeout) lets a cancelled answer or a hung server stop the HTTP request itself.
 */
function clientFor(url: string, signal: AbortSignal, timeoutMs?: number): Ollama {
  const combined = timeoutMs ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : signal;
  return new Ollama({
    host: url,
    fetch: (input, init) => fetch(input, { ...init, signal: combined }),
  });
}

function toOllamaMessage(message: ModelMessage): Message {
  const base: Message = { role: message.role, content: message.content };
  if (message.toolCalls?.length) {
    base.tool_calls = message.toolCalls.map((call) => ({
      function: { name: call.name, arguments: safeParse(call.arguments) },
    }));
  }
  return base;
}

function safeParse(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function ollamaFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? error;
  if (error instanceof ModelError) return error;
  const status = (error as { status_code?: number }).status_code;
  if (status === 429) {
    return new ModelError('rate_limited', 'The model server is rate limiting requests; try again shortly', {
      cause: error,
    });
  }
  const name = (error as Error).name;
  if (name === 'TimeoutError') return new ModelError('timeout', 'The model server did not answer in time');
  if (status)
    return new ModelError('failed', `The model server failed (${status})`, { cause: error, status });
  return new ModelError('unavailable', 'The model server is unreachable or dropped the connection', {
    cause: error,
  });
}

/** A local Ollama, through the official `ollama` client. */
export function createOllamaModel(config: OllamaModelConfig): ChatModel {
  const chatRequest = (request: ModelRequest) => ({
    model: config.chatModel,
    messages: request.messages.map(toOllamaMessage),
    ...(request.schema ? { format: request.schema.schema } : request.json ? { format: 'json' } : {}),
    ...(request.maxTokens !== undefined || request.temperature !== undefined
      ? {
          options: {
            ...(request.maxTokens ? { num_predict: request.maxTokens } : {}),
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          },
        }
      : {}),
    ...(request.tools?.length
      ? {
          tools: request.tools.map((tool) => ({
            type: 'function',
            function: {
              name: tool.name,
              description: tool.description,
              parameters: tool.parameters as never,
            },
          })),
        }
      : {}),
  });

  async function* streamChunks(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    const client = clientFor(config.url, signal);
    const stream = await client.chat({ ...chatRequest(request), stream: true });
    for await (const part of stream) {
      if (part.message?.content) yield { text: part.message.content };
      if (part.done) {
        yield {
          usage: { promptTokens: part.prompt_eval_count ?? 0, completionTokens: part.eval_count ?? 0 },
        };
      }
    }
  }

  const chatModel: ChatModel = {
    name: config.chatModel,
    stream: (request) => guardedStream(request, streamChunks, config.idleTimeoutMs, ollamaFailure),
    async complete(request) {
      try {
        const client = clientFor(config.url, request.signal, config.timeoutMs);
        const reply = await client.chat({ ...chatRequest(request), stream: false });
        const toolCalls: ModelToolCall[] = (reply.message.tool_calls ?? []).map((call, index) => ({
          id: `call_${index}`,
          name: call.function.name,
          arguments: JSON.stringify(call.function.arguments ?? {}),
        }));
        return {
          text: reply.message.content ?? '',
          toolCalls,
          usage: { promptTokens: reply.prompt_eval_count ?? 0, completionTokens: reply.eval_count ?? 0 },
        };
      } catch (error) {
        throw ollamaFailure(error, request.signal);
      }
    },
  };
  if (config.embeddingModel) {
    chatModel.embed = async (texts, signal) => {
      try {
        const client = clientFor(config.url, signal, config.timeoutMs);
        const reply = await client.embed({ model: config.embeddingModel, input: texts });
        return reply.embeddings;
      } catch (error) {
        throw ollamaFailure(error, signal);
      }
    };
  }
  return chatModel;
}
