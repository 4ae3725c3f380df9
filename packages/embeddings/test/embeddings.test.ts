import { type FakeOllama, type FakeOpenAI, startFakeOllama, startFakeOpenAI } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmbedder,
  createLocalEmbedder,
  dequantize,
  dot,
  dotQuantized,
  EmbeddingError,
  embedLocally,
  quantize,
  vectorBytes,
  vectorFromBytes,
} from '../src/index.ts';

const length = (vector: Float32Array) => Math.sqrt(dot(vector, vector));

describe('local embedder', () => {
  it('gives unit vectors that are stable across calls', async () => {
    const embedder = createLocalEmbedder();
    const [first] = await embedder.embed(['Solar panels convert sunlight into electricity']);
    const [second] = await embedder.embed(['Solar panels convert sunlight into electricity']);
    expect(first).toBeDefined();
    expect(length(first as Float32Array)).toBeCloseTo(1, 5);
    expect(Array.from(first as Float32Array)).toEqual(Array.from(second as Float32Array));
    expect(embedder.model).toBe('local-hash-384');
  });

  it('ranks a passage on the same topic above an unrelated one, across word forms', () => {
    const query = embedLocally('How do solar panels generate electricity?');
    const related = embedLocally('A solar panel generates electric power when sunlight strikes its cells.');
    const unrelated = embedLocally('The recipe needs two cups of flour and a pinch of salt.');
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.2);
  });

  it('maps text without words to the zero vector instead of NaN', () => {
    const vector = embedLocally('   ... !!! ');
    expect(Array.from(vector).every((value) => value === 0)).toBe(true);
  });
});

describe('quantized vectors', () => {
  it('keep cosine similarity within 1% and survive a round trip through bytes', () => {
    const a = embedLocally('Kubernetes schedules pods onto nodes');
    const b = embedLocally('Pods are scheduled onto cluster nodes by Kubernetes');
    const exact = dot(a, b);
    const quantized = quantize(b);
    expect(Math.abs(dotQuantized(a, quantized) - exact)).toBeLessThan(0.01);
    const stored = vectorBytes(quantized);
    expect(stored.byteLength).toBe(b.length);
    const loaded = vectorFromBytes(new Uint8Array(stored), quantized.scale);
    expect(Array.from(dequantize(loaded))).toEqual(Array.from(dequantize(quantized)));
  });

  it('quantize a zero vector without dividing by zero', () => {
    const zero = quantize(new Float32Array(8));
    expect(zero.scale).toBe(0);
    expect(dotQuantized(embedLocally('anything'), zero)).toBe(0);
  });
});

describe('provider embedders over their real wire formats', () => {
  let openai: FakeOpenAI;
  let ollama: FakeOllama;
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    ollama = await startFakeOllama();
  });
  afterAll(async () => {
    await openai.close();
    await ollama.close();
  });

  const base = {
    OPENAI_API_KEY: 'sk-test',
    OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small',
    OLLAMA_EMBEDDING_MODEL: 'nomic-embed-text',
    EMBEDDING_TIMEOUT_MS: 5_000,
  };

  it('embeds through the openai client (base64 on the wire) as unit vectors in input order', async () => {
    const embedder = createEmbedder({
      ...base,
      EMBEDDING_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OLLAMA_URL: ollama.url,
    });
    const texts = Array.from({ length: 130 }, (_, i) => `passage number ${i} about topic ${i % 7}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(130);
    expect(length(vectors[0] as Float32Array)).toBeCloseTo(1, 4);
    // Two batches of at most 128 inputs.
    const calls = openai.calls.filter((call) => call.path === '/v1/embeddings');
    expect(calls).toHaveLength(2);
    expect(embedder.model).toBe('openai:text-embedding-3-small');
  });

  it('embeds through the ollama client', async () => {
    const embedder = createEmbedder({
      ...base,
      EMBEDDING_PROVIDER: 'ollama',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OLLAMA_URL: ollama.url,
    });
    const [vector] = await embedder.embed(['hello world']);
    expect(length(vector as Float32Array)).toBeCloseTo(1, 4);
    expect(embedder.model).toBe('ollama:nomic-embed-text');
  });

  it('reports a failing provider as an EmbeddingError', async () => {
    const embedder = createEmbedder({
      ...base,
      EMBEDDING_PROVIDER: 'openai',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OLLAMA_URL: ollama.url,
    });
    await expect(embedder.embed(['x'])).rejects.toBeInstanceOf(EmbeddingError);
  });
});
