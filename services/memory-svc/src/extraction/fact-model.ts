import { createUndiciFetch } from '@perplexica/http';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
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

/** 408, 409, 429 and 5xx may pass on a later try; other 4xx (a bad model name, say) never will. */
const retryableStatus = (status: number | undefined) =>
  status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;

/** Any OpenAI-compatible endpoint, through the official client, with a strict JSON schema. */
export function createOpenAIFactModel(config: {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}): FactModel {
  const client = new OpenAI({
    baseURL: config.baseUrl,
    // Local OpenAI-compatible servers often need no key; the client insists on a string.
    apiKey: config.apiKey || 'not-needed',
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    fetch: createUndiciFetch(),
  });
  return {
    name: `openai:${config.model}`,
    async extract(question, known, signal) {
      try {
        const reply = await client.chat.completions.create(
          {
            model: config.model,
            temperature: 0,
            messages: [
              { role: 'system', content: systemPrompt(known) },
              { role: 'user', content: question },
            ],
            response_format: {
              type: 'json_schema',
              json_schema: { name: 'user_memories', strict: true, schema: factsJsonSchema },
            },
          },
          { signal },
        );
        const message = reply.choices[0]?.message;
        if (message?.refusal) return { facts: [], rejected: 'the model refused' };
        return parseFacts(message?.content ?? '');
      } catch (error) {
        if (signal?.aborted) throw error;
        const status = error instanceof OpenAI.APIError ? error.status : undefined;
        throw new FactModelError(
          `The model provider failed (${status ?? 'no answer'})`,
          retryableStatus(status),
          { cause: error },
        );
      }
    },
  };
}

/** A local Ollama through the official client; `format` carries the JSON schema. */
export function createOllamaFactModel(config: { url: string; model: string; timeoutMs: number }): FactModel {
  const undiciFetch = createUndiciFetch();
  return {
    name: `ollama:${config.model}`,
    async extract(question, known, signal) {
      // The ollama client takes no per-call signal or timeout; its fetch carries both.
      const timeout = AbortSignal.timeout(config.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const client = new Ollama({
        host: config.url,
        fetch: ((input, init) => undiciFetch(input, { ...init, signal: combined })) as typeof fetch,
      });
      try {
        const reply = await client.chat({
          model: config.model,
          stream: false,
          format: factsJsonSchema,
          options: { temperature: 0 },
          messages: [
            { role: 'system', content: systemPrompt(known) },
            { role: 'user', content: question },
          ],
        });
        return parseFacts(reply.message?.content ?? '');
      } catch (error) {
        if (signal?.aborted) throw error;
        const status = (error as { status_code?: number }).status_code;
        throw new FactModelError(
          `The model server failed (${status ?? 'no answer'})`,
          retryableStatus(status),
          { cause: error },
        );
      }
    },
  };
}

/** The configured provider's model, or null: only explicit "remember that …" requests are kept. */
export function createFactModel(config: MemoryConfig): FactModel | null {
  switch (config.LLM_PROVIDER) {
    case 'openai':
      return createOpenAIFactModel({
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_CHAT_MODEL,
        timeoutMs: config.MODEL_TIMEOUT_MS,
        maxRetries: config.MODEL_MAX_RETRIES,
      });
    case 'ollama':
      return createOllamaFactModel({
        url: config.OLLAMA_URL,
        model: config.OLLAMA_CHAT_MODEL,
        timeoutMs: config.MODEL_TIMEOUT_MS,
      });
    default:
      return null;
  }
}
