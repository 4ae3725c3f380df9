import { Ollama } from 'ollama';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama } from '../src/index.ts';

let fake: FakeOllama;
let ollama: Ollama;

beforeAll(async () => {
  fake = await startFakeOllama();
  ollama = new Ollama({ host: fake.url });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const messages = [
  {
    role: 'system',
    content: [
      'Use these sources.',
      '[1] Rust is a systems programming language focused on memory safety.',
      '[2] The borrow checker enforces ownership rules at compile time.',
      '[3] Rust prevents data races without a garbage collector.',
    ].join('\n'),
  },
  { role: 'user', content: 'Why is Rust memory safe?' },
];

const searchTool = {
  type: 'function',
  function: {
    name: 'search_web',
    description: 'Search the web',
    parameters: { type: 'object', properties: { query: { type: 'string', description: 'query' } } },
  },
};

describe('chat', () => {
  it('streams NDJSON chunks that assemble into the non-streamed answer', async () => {
    const whole = await ollama.chat({ model: 'llama3.2', messages, stream: false });
    expect(whole.done).toBe(true);
    expect(whole.done_reason).toBe('stop');
    expect(whole.message.role).toBe('assistant');
    expect(whole.message.content).toMatch(/\[1\]/);
    expect(whole.message.content).toMatch(/\[3\]/);

    const stream = await ollama.chat({ model: 'llama3.2', messages, stream: true });
    const pieces: string[] = [];
    let last: { done: boolean; eval_count: number } | undefined;
    for await (const part of stream) {
      pieces.push(part.message.content);
      last = part;
    }
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(whole.message.content);
    expect(last?.done).toBe(true);
    expect(last?.eval_count).toBe(whole.eval_count);
    expect(fake.chatCount()).toBe(2);
  });

  it('calls the search tool with arguments as an object', async () => {
    const response = await ollama.chat({
      model: 'llama3.2',
      stream: false,
      messages: [{ role: 'user', content: 'best index funds' }],
      tools: [searchTool],
    });
    expect(response.message.tool_calls).toEqual([
      { function: { name: 'search_web', arguments: { query: 'best index funds' } } },
    ]);
  });

  it('streams tool calls in a chunk before the final one', async () => {
    const stream = await ollama.chat({
      model: 'llama3.2',
      stream: true,
      messages: [{ role: 'user', content: 'best index funds' }],
      tools: [searchTool],
    });
    const calls: unknown[] = [];
    for await (const part of stream) calls.push(...(part.message.tool_calls ?? []));
    expect(calls).toEqual([{ function: { name: 'search_web', arguments: { query: 'best index funds' } } }]);
  });

  it('prefixes a think block when the question says THINK', async () => {
    const response = await ollama.chat({
      model: 'qwen3:8b',
      stream: false,
      messages: [{ role: 'user', content: 'THINK: what is inflation?' }],
    });
    expect(response.message.content.startsWith('<think>Reasoning about the question.</think>')).toBe(true);
  });
});

describe('wire details', () => {
  it('streams NDJSON when a raw request leaves stream out, as the real server does', async () => {
    const response = await fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { done: boolean; message: { content: string } });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', message: { content: '' } });
    expect(lines.slice(0, -1).every((line) => line.done === false)).toBe(true);
  });
});

describe('generate', () => {
  it('answers a prompt, streamed and not', async () => {
    const whole = await ollama.generate({ model: 'llama3.2', prompt: 'Tell me about bonds', stream: false });
    expect(whole.done).toBe(true);
    expect(whole.response).toContain('bonds');
    let streamed = '';
    for await (const part of await ollama.generate({
      model: 'llama3.2',
      prompt: 'Tell me about bonds',
      stream: true,
    })) {
      streamed += part.response;
    }
    expect(streamed).toBe(whole.response);
  });
});

describe('embeddings and metadata', () => {
  it('embeds several inputs with /api/embed', async () => {
    const response = await ollama.embed({ model: 'nomic-embed-text', input: ['first text', 'second text'] });
    expect(response.model).toBe('nomic-embed-text');
    expect(response.embeddings).toHaveLength(2);
    expect(response.embeddings[0]).toHaveLength(64);
    expect(response.embeddings[0]).not.toEqual(response.embeddings[1]);
    expect(fake.embeddingCount()).toBe(1);
  });

  it('embeds one prompt with the legacy /api/embeddings, same vector as /api/embed', async () => {
    const legacy = await ollama.embeddings({ model: 'nomic-embed-text', prompt: 'first text' });
    const current = await ollama.embed({ model: 'nomic-embed-text', input: 'first text' });
    expect(legacy.embedding).toEqual(current.embeddings[0]);
  });

  it('lists models and reports a version', async () => {
    const { models } = await ollama.list();
    expect(models.map((model) => model.name)).toContain('llama3.2:latest');
    const { version } = await ollama.version();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('failure modes', () => {
  it('rate_limited surfaces as an error with status 429', async () => {
    fake.setMode('rate_limited');
    const error = await ollama
      .chat({ model: 'm', messages, stream: false })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status_code: 429 });
  });

  it('error500 surfaces as an error with status 500', async () => {
    fake.setMode('error500');
    const error = await ollama.embed({ model: 'm', input: 'x' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status_code: 500 });
  });

  it('fail_mid_stream breaks the stream after a few chunks', async () => {
    fake.setMode('fail_mid_stream');
    const stream = await ollama.chat({ model: 'm', messages, stream: true });
    const pieces: string[] = [];
    const consume = async () => {
      for await (const part of stream) pieces.push(part.message.content);
    };
    await expect(consume()).rejects.toThrow();
    expect(pieces.length).toBeLessThanOrEqual(3);
  });
});
