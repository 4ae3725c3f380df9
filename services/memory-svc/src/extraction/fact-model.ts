import { type ChatModel, createModelFromEnv, ModelError } from '@perplexica/llm';
import { z } from 'zod';
import type { MemoryConfig } from '../config.ts';
import { tidyMemory } from '../memory-text.ts';
import { limits } from '../wire-schemas.ts';

/** At most this many memories are taken from one question. */
export const MAX_FACTS_PER_QUESTION = 5;

/** What a model found in a question; `rejected` says why its output was ignored, if it was. */
export interface FactExtraction {
  facts: string[];
  rejected?: string;
}

/** A model that reads durable facts about the user out of their question. */
export interface FactModel {
  readonly name: string;
  extract(question: string, known: string[], signal?: AbortSignal): Promise<FactExtraction>;
}

/** The provider failed; `retryable` when trying again later may help (429, 5xx, network). */
export class FactModelError extends Error {
  override readonly name = 'FactModelError';
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, options: { cause?: unknown } = {}) {
    super(message, options);
    this.retryable = retryable;
  }
}

/** The structured output both providers are held to (OpenAI strict mode needs every property required). */
export const factsJsonSchema = {
  type: 'object',
  properties: {
    memories: {
      type: 'array',
      description: 'Short first-person statements, one durable fact or preference each; empty if none.',
      items: { type: 'string' },
    },
  },
  required: ['memories'],
  additionalProperties: false,
} as const;

const factsReply = z.object({ memories: z.array(z.string()).max(50) });

export const EXTRACTION_PROMPT = `You keep a long-term memory of durable facts and preferences about the user, so that future answers can be personalised.
Read the user's message and list only what the user states about themselves that will still be true weeks from now: who they are, where they live, their work, family, tools, diet, constraints, and how they like answers (units, language, length, style).
Do not list: facts about the world, the question itself, one-off tasks or requests, guesses, anything already known (listed below), or secrets such as passwords, card or account numbers.
If the user explicitly asks you to remember something, list it.
Write each memory as a short first-person sentence in the user's language, for example "I prefer metric units".
Reply with JSON {"memories": [...]}; use an empty list when there is nothing worth keeping.`;

function systemPrompt(known: string[]): string {
  if (known.length === 0) return EXTRACTION_PROMPT;
  return `${EXTRACTION_PROMPT}\n\nAlready known:\n${known.map((fact) => `- ${fact}`).join('\n')}`;
}

/**
 * The model's reply as memories, or why it was ignored. Models sometimes wrap JSON in a Markdown
 * fence even when asked for a schema; that much is forgiven, nothing else.
 */
export function parseFacts(content: string): FactExtraction {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(unfenced);
  } catch {
    return { facts: [], rejected: 'the model did not answer with JSON' };
  }
  const parsed = factsReply.safeParse(raw);
  if (!parsed.success) return { facts: [], rejected: 'the model answered JSON of the wrong shape' };
  const facts = parsed.data.memories
    .map((fact) => tidyMemory(fact.replaceAll('\u0000', '')))
    .filter((fact) => fact.length > 0 && fact.length <= limits.memoryChars);
  return { facts: [...new Set(facts)].slice(0, MAX_FACTS_PER_QUESTION) };
}

/**
 * A fact model over any chat model (OpenAI, Ollama: @perplexica/llm), held to the JSON schema by
 * structured output; `temperature: 0` because the same question should give the same memories.
 */
export function factModelFrom(model: ChatModel, providerName: string): FactModel {
  return {
    name: `${providerName}:${model.name}`,
    async extract(question, known, signal) {
      try {
        const reply = await model.complete({
          messages: [
            { role: 'system', content: systemPrompt(known) },
            { role: 'user', content: question },
          ],
          schema: { name: 'user_memories', schema: factsJsonSchema as unknown as Record<string, unknown> },
          temperature: 0,
          signal: signal ?? new AbortController().signal,
        });
        return parseFacts(reply.text);
      } catch (error) {
        if (signal?.aborted) throw error;
        const retryable = error instanceof ModelError ? error.retryable : true;
        throw new FactModelError((error as Error).message, retryable, { cause: error });
      }
    },
  };
}

/** The configured provider's model, or null: only explicit "remember that …" requests are kept. */
export function createFactModel(config: MemoryConfig): FactModel | null {
  const model = createModelFromEnv(config);
  return model ? factModelFrom(model, config.LLM_PROVIDER) : null;
}
