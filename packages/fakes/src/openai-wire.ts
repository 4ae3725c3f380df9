import type { Completion } from './llm-state.ts';
import { wordChunks } from './llm-state.ts';

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function openaiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

export interface ChatIds {
  id: string;
  created: number;
  model: string;
}

const toolCallId = (ids: ChatIds, index: number) => `call_${ids.id.slice(9)}_${index}`;

const usageOf = (completion: Completion) => ({
  prompt_tokens: completion.promptTokens,
  completion_tokens: completion.completionTokens,
  total_tokens: completion.promptTokens + completion.completionTokens,
});

const finishReason = (completion: Completion) => (completion.toolCalls.length > 0 ? 'tool_calls' : 'stop');

/** The non-streaming `chat.completion` body. */
export function chatCompletionBody(ids: ChatIds, completion: Completion) {
  const hasTools = completion.toolCalls.length > 0;
  return {
    id: ids.id,
    object: 'chat.completion',
    created: ids.created,
    model: ids.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: hasTools && !completion.content ? null : completion.content,
          refusal: null,
          ...(hasTools
            ? {
                tool_calls: completion.toolCalls.map((call, index) => ({
                  id: toolCallId(ids, index),
                  type: 'function',
                  function: { name: call.name, arguments: JSON.stringify(call.arguments) },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: finishReason(completion),
      },
    ],
    usage: usageOf(completion),
    system_fingerprint: 'fp_fake',
  };
}

/**
 * The SSE events of a streamed completion, in order, each already framed as `data: ...\n\n`:
 * a role chunk, word-sized content chunks, tool-call chunks, the finish chunk, the usage chunk
 * when asked for, and `[DONE]`.
 */
export function chatCompletionEvents(ids: ChatIds, completion: Completion, includeUsage: boolean): string[] {
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: ids.id,
      object: 'chat.completion.chunk',
      created: ids.created,
      model: ids.model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    })}\n\n`;
  const events = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const piece of wordChunks(completion.content)) events.push(chunk({ content: piece }));
  completion.toolCalls.forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [
          {
            index,
            id: toolCallId(ids, index),
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
      }),
    );
    for (const piece of wordChunks(JSON.stringify(call.arguments))) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(chunk({}, finishReason(completion)));
  if (includeUsage) {
    events.push(
      `data: ${JSON.stringify({
        id: ids.id,
        object: 'chat.completion.chunk',
        created: ids.created,
        model: ids.model,
        system_fingerprint: 'fp_fake',
        choices: [],
        usage: usageOf(completion),
      })}\n\n`,
    );
  }
  events.push('data: [DONE]\n\n');
  return events;
}
