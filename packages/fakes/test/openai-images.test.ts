import { crc32, inflateSync } from 'node:zlib';
import OpenAI, { BadRequestError, InternalServerError, RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../src/index.ts';
import { UNSAFE_PROMPT_MARKER } from '../src/openai.ts';
import { exampleForSchema, fakeImagePng } from '../src/openai-wire.ts';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** Reads a PNG the way a decoder does: signature, chunk CRCs, header, inflated pixel rows. */
function decodePng(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const typed = bytes.subarray(offset + 4, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(typed));
    chunks.push({ type: typed.subarray(0, 4).toString('ascii'), data: typed.subarray(4) });
    offset += 12 + length;
  }
  expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const header = chunks[0]?.data as Buffer;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const pixels = inflateSync(chunks[1]?.data as Buffer);
  expect(pixels.length).toBe(height * (1 + width * 3));
  return { width, height, firstPixel: [...pixels.subarray(1, 4)] };
}

describe('images: POST /v1/images/generations', () => {
  it('answers a GPT image model with a base64 PNG of the asked size, usage and output format', async () => {
    const response = await client.images.generate({
      model: 'gpt-image-1',
      prompt: 'A lighthouse at dusk',
      size: '1536x1024',
    });
    expect(response.output_format).toBe('png');
    expect(response.size).toBe('1536x1024');
    expect(response.usage?.total_tokens).toBeGreaterThan(0);
    const image = response.data?.[0];
    expect(image?.url).toBeUndefined();
    const bytes = Buffer.from(image?.b64_json ?? '', 'base64');
    expect(decodePng(bytes)).toMatchObject({ width: 1536, height: 1024 });
    expect(bytes).toEqual(fakeImagePng('A lighthouse at dusk', 1536, 1024));
    expect(fake.imageCount()).toBe(1);
    expect(fake.generatedImages()).toEqual([
      { prompt: 'A lighthouse at dusk', model: 'gpt-image-1', size: '1536x1024', bytes },
    ]);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'POST', path: '/v1/images/generations' });
  });

  it('gives different prompts different images, and the same prompt the same one', async () => {
    const generate = async (prompt: string) => {
      const response = await client.images.generate({ model: 'gpt-image-1', prompt, size: '1024x1024' });
      return Buffer.from(response.data?.[0]?.b64_json ?? '', 'base64');
    };
    const [first, again, other] = [
      await generate('a red fox'),
      await generate('a red fox'),
      await generate('a cat'),
    ];
    expect(first).toEqual(again);
    expect(decodePng(first).firstPixel).not.toEqual(decodePng(other).firstPixel);
  });

  it('answers DALL·E with a URL by default, served without the API key, and a revised prompt', async () => {
    const response = await client.images.generate({ model: 'dall-e-3', prompt: 'A quiet harbour', n: 1 });
    const image = response.data?.[0];
    expect(image?.b64_json).toBeUndefined();
    expect(image?.revised_prompt).toContain('A quiet harbour');
    const download = await fetch(image?.url ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(decodePng(bytes)).toMatchObject({ width: 1024, height: 1024 });
    expect((await fetch(`${fake.url}/fake-images/img-999999-0.png`)).status).toBe(404);

    const inline = await client.images.generate({
      model: 'dall-e-2',
      prompt: 'Two boats',
      n: 2,
      size: '256x256',
      response_format: 'b64_json',
    });
    expect(inline.data).toHaveLength(2);
    expect(decodePng(Buffer.from(inline.data?.[1]?.b64_json ?? '', 'base64'))).toMatchObject({ width: 256 });
  });

  it('refuses what the real endpoint refuses, with its error bodies', async () => {
    const refusal = async (body: Record<string, unknown>) => {
      const error = await client.images
        .generate(body as unknown as OpenAI.ImageGenerateParamsNonStreaming)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BadRequestError);
      return (error as BadRequestError).error as { code: string; param: string | null; type: string };
    };
    expect(await refusal({ model: 'gpt-image-1', prompt: 'x', response_format: 'b64_json' })).toMatchObject({
      code: 'unknown_parameter',
      param: 'response_format',
      type: 'invalid_request_error',
    });
    expect(await refusal({ model: 'gpt-image-1' })).toMatchObject({
      code: 'missing_required_parameter',
      param: 'prompt',
    });
    expect(await refusal({ model: 'gpt-image-1', prompt: 'x', size: '1792x1024' })).toMatchObject({
      code: 'invalid_value',
      param: 'size',
    });
    expect(await refusal({ model: 'dall-e-3', prompt: 'x', n: 2 })).toMatchObject({ param: 'n' });
    expect(
      await refusal({ model: 'gpt-image-1', prompt: `draw ${UNSAFE_PROMPT_MARKER} things` }),
    ).toMatchObject({
      code: 'content_policy_violation',
      type: 'image_generation_user_error',
    });
    expect(fake.generatedImages()).toEqual([]);
  });

  it('follows the failure modes, and reset() forgets images and counts', async () => {
    fake.setMode('rate_limited');
    await expect(client.images.generate({ model: 'gpt-image-1', prompt: 'x' })).rejects.toBeInstanceOf(
      RateLimitError,
    );
    fake.setMode('error500');
    await expect(client.images.generate({ model: 'gpt-image-1', prompt: 'x' })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(fake.imageCount()).toBe(2);
    fake.setMode('ok');
    await client.images.generate({ model: 'gpt-image-1', prompt: 'x' });
    expect(fake.generatedImages()).toHaveLength(1);
    fake.reset();
    expect(fake.imageCount()).toBe(0);
    expect(fake.generatedImages()).toEqual([]);
  });

  it('still answers 401 without an API key', async () => {
    const response = await fetch(`${fake.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x' }),
    });
    expect(response.status).toBe(401);
  });
});

const tableSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    columns: {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: { type: 'string' }, type: { type: 'string', enum: ['string', 'number'] } },
        required: ['key', 'type'],
        additionalProperties: false,
      },
    },
    rows: {
      type: 'array',
      items: { type: 'array', items: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
    },
  },
  required: ['title', 'columns', 'rows'],
  additionalProperties: false,
};

const askForSchema = (content: string) =>
  client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content }],
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'table', strict: true, schema: tableSchema },
    },
  });

describe('structured output: response_format json_schema', () => {
  it('answers with what the test builds from the schema and the request', async () => {
    fake.setStructuredResponder((schema, request) => ({
      name: schema.name,
      strict: schema.strict,
      keys: Object.keys(schema.schema.properties as object),
      asked: request.messages.at(-1)?.content,
    }));
    const completion = await askForSchema('Cities by population');
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      name: 'table',
      strict: true,
      keys: ['title', 'columns', 'rows'],
      asked: 'Cities by population',
    });
  });

  it('without a builder, answers the smallest JSON that fits the schema', async () => {
    fake.setStructuredResponder();
    const completion = await askForSchema('anything');
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      title: 'example',
      columns: [{ key: 'example', type: 'string' }],
      rows: [[1.5]],
    });
  });

  it('leaves requests without a schema to the default responder, and reset() drops the builder', async () => {
    fake.setStructuredResponder(() => ({ structured: true }));
    const plain = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Tell me about tides' }],
    });
    expect(plain.choices[0]?.message.content).toContain('tides');
    fake.reset();
    const after = await askForSchema('Cities by population');
    expect(after.choices[0]?.message.content).not.toContain('structured');
  });
});

describe('exampleForSchema', () => {
  it('fills required properties, minItems, enums, consts, refs and integer minimums', () => {
    expect(
      exampleForSchema({
        type: 'object',
        properties: {
          kind: { const: 'bar' },
          tags: { type: 'array', minItems: 2, items: { $ref: '#/$defs/tag' } },
          count: { type: 'integer', minimum: 3 },
          label: { type: ['string', 'null'], minLength: 3 },
          optional: { type: 'string' },
        },
        required: ['kind', 'tags', 'count', 'label'],
        $defs: { tag: { type: 'string', enum: ['a', 'b'] } },
      }),
    ).toEqual({ kind: 'bar', tags: ['a', 'a'], count: 3, label: 'xxx' });
  });
});
