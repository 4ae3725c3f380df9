import { createUndiciFetch } from '@perplexica/http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  type ChatModel,
  guardedStream,
  type ModelChunk,
  ModelError,
  type ModelMessage,
  type ModelRequest,
} from './chat-model.ts';

export interface OpenAIModelConfig {
  baseUrl: string;
  apiKey: string;
  chatModel: string;
  /** Empty: no embeddings (lexical ranking). */
  embeddingModel: string;
  timeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
}

function toOpenAIMessage(message: ModelMessage): ChatCompletionMessageParam {
  if (message.role === 'tool') {
    return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
  }
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return {
      role: 'assistant',
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({
        id: call.id,
        type: 'function' as const,
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  }
  return { role: message.role, content: message.content } as ChatCompletionMessageParam;
}

/** Turns the client library's errors into ones a user can read. */
export function openAIFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? error;
  if (error instanceof ModelError) return error;
  if (error instanceof OpenAI.RateLimitError) {
    return new ModelError('rate_limited', 'The model provider is rate limiting requests; try again shortly', {
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ModelError('timeout', 'The model provider did not answer in time', { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ModelError('unavailable', 'The model provider is unreachable or dropped the connection', {
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIError) {
    return new ModelError('failed', `The model provider failed (${error.status ?? 'no status'})`, {
      cause: error,
      ...(error.status ? { status: error.status } : {}),
    });
  }
  // What is left is the stream breaking under the client (a dropped socket mid-answer).
  return new ModelError('unavailable', 'The model provider dropped the connection mid-answer', {
    cause: error,
  });
}

/** Any OpenAI-compatible endpoint, through the official `openai` client. */
export function createOpenAIModel(config: OpenAIModelConfig): ChatModel {
  const client = new OpenAI({
    baseURL: config.baseUrl,
    // Local OpenAI-compatible servers often need no key; the client insists on a string.
    apiKey: config.apiKey || 'not-needed',
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    fetch: createUndiciFetch(),
  });
  const model = config.chatModel;

  const params = (request: ModelRequest) => ({
    model,
    messages: request.messages.map(toOpenAIMessage),
    ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.schema
      ? {
          response_format: {
            type: 'json_schema' as const,
            json_schema: { name: request.schema.name, strict: true, schema: request.schema.schema },
          },
        }
      : request.json
        ? { response_format: { type: 'json_object' as const } }
        : {}),
    ...(request.tools?.length
      ? {
          tools: request.tools.map((tool) => ({
            type: 'function' as const,
            function: {
              name: tool.name,
              description: tool.description,
              parameters: tool.parameters as Record<string, unknown>,
            },
          })),
        }
      : {}),
  });

  // The request goes through the client (auth, base URL, retries, its error classes for non-2xx);
  // the event stream is read with eventsource-parser, which costs a fraction of the client's own
  // chunk iterator on every token of every answer.
  async function* streamChunks(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    const response = await client.chat.completions
      .create({ ...params(request), stream: true, stream_options: { include_usage: true } }, { signal })
      .asResponse();
    if (!response.body) throw new ModelError('failed', 'The model provider sent an empty stream');
    const chunks: ModelChunk[] = [];
    let failure: ModelError | null = null;
    let finished = false;
    const parser = createParser({
      onEvent(event: EventSourceMessage) {
        if (event.data === '[DONE]') {
          finished = true;
          return;
        }
        const chunk = JSON.parse(event.data) as ChatCompletionChunk & { error?: { message?: string } };
        if (chunk.error) {
          failure = new ModelError(
            'failed',
            `The model provider failed mid-answer: ${chunk.error.message ?? 'error'}`,
          );
          return;
        }
        const choice = chunk.choices?.[0];
        if (choice?.finish_reason) finished = true;
        const text = choice?.delta?.content;
        if (text) chunks.push({ text });
        if (chunk.usage) {
          chunks.push({
            usage: {
              promptTokens: chunk.usage.prompt_tokens,
              completionTokens: chunk.usage.completion_tokens,
            },
          });
        }
      },
    });
    const decoder = new TextDecoder();
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      if (failure) throw failure;
      yield* chunks;
      chunks.length = 0;
    }
    if (!finished && !signal.aborted) {
      throw new ModelError('unavailable', 'The model provider ended the stream before it finished');
    }
  }

  const chatModel: ChatModel = {
    name: model,
    stream: (request) => guardedStream(request, streamChunks, config.idleTimeoutMs, openAIFailure),
    async complete(request) {
      try {
        const reply = await client.chat.completions.create(
          { ...params(request), stream: false },
          { signal: request.signal },
        );
        const message = reply.choices[0]?.message;
        return {
          text: message?.content ?? '',
          toolCalls: (message?.tool_calls ?? []).flatMap((call) =>
            call.type === 'function'
              ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }]
              : [],
          ),
          usage: {
            promptTokens: reply.usage?.prompt_tokens ?? 0,
            completionTokens: reply.usage?.completion_tokens ?? 0,
          },
        };
      } catch (error) {
        throw openAIFailure(error, request.signal);
      }
    },
  };
  if (config.embeddingModel) {
    chatModel.embed = async (texts, signal) => {
      try {
        const reply = await client.embeddings.create(
          { model: config.embeddingModel, input: texts },
          { signal },
        );
        return reply.data.map((item) => item.embedding);
      } catch (error) {
        throw openAIFailure(error, signal);
      }
    };
  }
  return chatModel;
}
