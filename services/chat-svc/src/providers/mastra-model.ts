import type { ChatModel, ModelMessage, ModelTool } from '@perplexica/llm';

// Mastra accepts AI-SDK language models. Rather than a second HTTP stack (the AI SDK's own
// providers), this adapter implements the AI SDK's LanguageModelV2 contract on top of our
// ChatModel, so the research agent's calls go through the same `openai`/`ollama` clients, the
// same timeouts, cancellation and error mapping as every other model call in chat-svc.
// Only the parts of the V2 prompt the agent produces are translated: text, tool calls, tool results.

interface PromptPart {
  type: string;
  text?: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  output?: { type: string; value: unknown };
}
interface PromptMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | PromptPart[];
}
interface CallOptions {
  prompt: PromptMessage[];
  tools?: Array<{ type: string; name: string; description?: string; inputSchema?: unknown }>;
  abortSignal?: AbortSignal;
  maxOutputTokens?: number;
}

function textOf(parts: PromptPart[]): string {
  return parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('');
}

function outputText(output: PromptPart['output']): string {
  if (!output) return '';
  return typeof output.value === 'string' ? output.value : JSON.stringify(output.value);
}

export function toModelMessages(prompt: PromptMessage[]): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (const message of prompt) {
    if (typeof message.content === 'string') {
      messages.push({ role: message.role, content: message.content });
      continue;
    }
    if (message.role === 'tool') {
      for (const part of message.content) {
        if (part.type !== 'tool-result') continue;
        messages.push({ role: 'tool', content: outputText(part.output), toolCallId: part.toolCallId ?? '' });
      }
      continue;
    }
    const toolCalls = message.content
      .filter((part) => part.type === 'tool-call')
      .map((part) => ({
        id: part.toolCallId ?? '',
        name: part.toolName ?? '',
        arguments: typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? {}),
      }));
    messages.push({
      role: message.role,
      content: textOf(message.content),
      ...(toolCalls.length ? { toolCalls } : {}),
    });
  }
  return messages;
}

/** A LanguageModelV2 (AI SDK provider spec v2) that Mastra's Agent can drive. */
export function mastraModelFor(model: ChatModel, fallbackSignal: AbortSignal) {
  const generate = async (options: CallOptions) => {
    const tools: ModelTool[] = (options.tools ?? [])
      .filter((tool) => tool.type === 'function')
      .map((tool) => ({
        name: tool.name,
        description: tool.description ?? '',
        parameters: tool.inputSchema,
      }));
    const reply = await model.complete({
      messages: toModelMessages(options.prompt),
      tools,
      signal: options.abortSignal ?? fallbackSignal,
      ...(options.maxOutputTokens ? { maxTokens: options.maxOutputTokens } : {}),
    });
    const content = [
      ...(reply.text ? [{ type: 'text' as const, text: reply.text }] : []),
      ...reply.toolCalls.map((call) => ({
        type: 'tool-call' as const,
        toolCallId: call.id,
        toolName: call.name,
        input: call.arguments,
      })),
    ];
    const usage = {
      inputTokens: reply.usage.promptTokens,
      outputTokens: reply.usage.completionTokens,
      totalTokens: reply.usage.promptTokens + reply.usage.completionTokens,
    };
    return {
      content,
      finishReason: reply.toolCalls.length ? ('tool-calls' as const) : ('stop' as const),
      usage,
      warnings: [],
    };
  };
  return {
    specificationVersion: 'v2' as const,
    provider: 'perplexica',
    modelId: model.name,
    supportedUrls: {},
    doGenerate: generate,
    // The agent only needs whole steps; a stream of one step's parts satisfies the contract.
    async doStream(options: CallOptions) {
      const result = await generate(options);
      const parts: unknown[] = [{ type: 'stream-start', warnings: [] }];
      for (const part of result.content) {
        if (part.type === 'text') {
          parts.push(
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: part.text },
            { type: 'text-end', id: 't' },
          );
        } else parts.push(part);
      }
      parts.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
      return {
        stream: new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}
