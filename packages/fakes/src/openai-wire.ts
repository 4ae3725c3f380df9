import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
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

/** One generated image as the fake keeps it, so a test can compare what a service stored. */
export interface FakeImage {
  prompt: string;
  model: string;
  size: string;
  /** PNG bytes: what `b64_json` carries, or what the image URL serves. */
  bytes: Buffer;
}

/**
 * The `POST /v1/images/generations` answer. GPT image models always send `b64_json` and say how
 * the image was made (`output_format`, `size`, `quality`, token `usage`); DALL·E models send
 * `url` (or `b64_json` when asked) with a `revised_prompt`.
 */
export function imagesResponseBody(
  images: Array<{ b64_json?: string; url?: string; revised_prompt?: string }>,
  options: { created: number; gptImage: boolean; size: string; quality: string; promptTokens: number },
) {
  if (!options.gptImage) return { created: options.created, data: images };
  const outputTokens = 272 * images.length;
  return {
    created: options.created,
    background: 'opaque',
    data: images,
    output_format: 'png',
    quality: options.quality,
    size: options.size,
    usage: {
      input_tokens: options.promptTokens,
      input_tokens_details: { image_tokens: 0, text_tokens: options.promptTokens },
      output_tokens: outputTokens,
      total_tokens: options.promptTokens + outputTokens,
    },
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A real PNG any decoder opens: `width`×`height`, one colour chosen by a hash of `seed` (the
 * prompt), so the same prompt gives the same bytes and a test can tell two images apart.
 */
export function fakeImagePng(seed: string, width: number, height: number): Buffer {
  const hash = createHash('sha256').update(seed).digest();
  const [red = 0, green = 0, blue = 0] = hash;
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([red, green, blue], 1 + x * 3);
  // Every row starts with filter type 0 (none), already in place from alloc.
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

type JsonSchema = Record<string, unknown>;

/**
 * The smallest value that fits a JSON schema of the kind structured output uses (object with
 * properties, array, string, number, integer, boolean, null, enum, const, anyOf, type lists):
 * every required property present, arrays with `minItems` (or one) items, the first enum value,
 * the first anyOf branch. What a strict-mode model is guaranteed to send: valid, not meaningful.
 */
export function exampleForSchema(schema: unknown, definitions: JsonSchema = {}): unknown {
  if (!schema || typeof schema !== 'object') return null;
  const node = schema as JsonSchema;
  const defs = { ...definitions, ...((node.$defs ?? node.definitions ?? {}) as JsonSchema) };
  if (typeof node.$ref === 'string') {
    const name = node.$ref.split('/').at(-1) ?? '';
    return exampleForSchema(defs[name], defs);
  }
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum)) return node.enum[0] ?? null;
  if (Array.isArray(node.anyOf)) return exampleForSchema(node.anyOf[0], defs);
  if (Array.isArray(node.oneOf)) return exampleForSchema(node.oneOf[0], defs);
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(node.required) ? (node.required as string[]) : Object.keys(properties);
      return Object.fromEntries(required.map((key) => [key, exampleForSchema(properties[key], defs)]));
    }
    case 'array': {
      const count = typeof node.minItems === 'number' ? node.minItems : 1;
      return Array.from({ length: count }, () => exampleForSchema(node.items, defs));
    }
    case 'string':
      return typeof node.minLength === 'number' ? 'x'.repeat(node.minLength) : 'example';
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 1.5;
    case 'integer':
      return typeof node.minimum === 'number' ? Math.ceil(node.minimum) : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}
