import { type FakeOpenAI, startFakeOpenAI } from '@perplexica/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createImageGenerator,
  ImageGenerationError,
  type ImageGenerator,
} from '../src/images/image-generator.ts';
import {
  type CreateServiceUnderTest,
  createClient,
  startCreateService,
  waitUntilSettled,
} from './harness.ts';

let openai: FakeOpenAI;
let svc: CreateServiceUnderTest;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  openai = await startFakeOpenAI();
  svc = await startCreateService({
    env: { OPENAI_BASE_URL: `${openai.url}/v1`, OPENAI_API_KEY: 'sk-test', IMAGE_ATTEMPTS: '3' },
  });
  client = createClient(svc.url, await svc.token('painter'));
});
afterEach(() => openai.reset());
afterAll(async () => {
  await svc?.close();
  await openai?.close();
});

describe('images', () => {
  it('generates through the images API, stores the image, and serves it back', async () => {
    const accepted = await client.image({ prompt: 'A lighthouse at dusk', size: '1536x1024' });
    expect(accepted.status).toBe(202);
    const id = accepted.body.artifact.id;
    expect(accepted.headers.get('location')).toBe(`/api/v1/create/artifacts/${id}`);
    expect(accepted.body.artifact).toMatchObject({
      kind: 'image',
      status: 'pending',
      title: 'A lighthouse at dusk',
      contentPath: null,
      image: { prompt: 'A lighthouse at dusk', size: '1536x1024', model: 'gpt-image-1', url: null },
    });

    const ready = await waitUntilSettled(client, id);
    expect(ready.body.artifact.status).toBe('ready');
    const generated = openai.generatedImages();
    expect(generated).toHaveLength(1);
    const bytes = generated[0]?.bytes as Buffer;
    expect(ready.body.artifact.image).toMatchObject({ contentType: 'image/png', bytes: bytes.length });
    // The official client called the real endpoint; GPT image models must not get response_format.
    const request = openai.calls.find((call) => call.path === '/v1/images/generations');
    expect(request?.body).toEqual({
      model: 'gpt-image-1',
      prompt: 'A lighthouse at dusk',
      size: '1536x1024',
      n: 1,
    });

    const streamed = await client.content(id);
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toBe('image/png');
    expect(streamed.bytes.equals(bytes)).toBe(true);

    // The short-lived link goes straight to the object store, no token needed.
    const link = await fetch(ready.body.artifact.image.url);
    expect(link.status).toBe(200);
    expect(Buffer.from(await link.arrayBuffer()).equals(bytes)).toBe(true);
    expect(Date.parse(ready.body.artifact.image.urlExpiresAt)).toBeGreaterThan(Date.now());
    expect(await svc.store.exists(`images/${id}.png`)).toBe(true);
  });

  it('marks a refused prompt failed with the reason, without retrying it', async () => {
    const accepted = await client.image({ prompt: 'Something UNSAFE' });
    const settled = await waitUntilSettled(client, accepted.body.artifact.id);
    expect(settled.body.artifact).toMatchObject({
      status: 'failed',
      error: { code: 'refused', message: 'The image provider refused this prompt (its safety system)' },
      contentPath: null,
      image: { url: null },
    });
    await svc.jobsSettled();
    expect(openai.imageCount()).toBe(1);
    const content = await client.content(accepted.body.artifact.id);
    expect(content.status).toBe(409);
    expect(content.json.error.code).toBe('conflict');
  });

  it('marks the image failed once every attempt has failed', async () => {
    openai.setMode('error500');
    const accepted = await client.image({ prompt: 'Never drawn' });
    const settled = await waitUntilSettled(client, accepted.body.artifact.id);
    expect(settled.body.artifact.status).toBe('failed');
    expect(settled.body.artifact.error.code).toBe('provider_failed');
    expect(openai.imageCount()).toBe(3);
  });

  it('deletes the stored image with its artifact', async () => {
    const accepted = await client.image({ prompt: 'Short-lived' });
    const id = accepted.body.artifact.id;
    await waitUntilSettled(client, id);
    expect(await svc.store.exists(`images/${id}.png`)).toBe(true);
    expect((await client.remove(id)).status).toBe(204);
    expect(await svc.store.exists(`images/${id}.png`)).toBe(false);
    expect((await client.get(id)).status).toBe(404);
    expect((await client.content(id)).status).toBe(404);
  });
});

describe('images when the provider fails for a while', () => {
  let flaky: CreateServiceUnderTest;
  let failuresLeft = 0;
  beforeAll(async () => {
    const real = createImageGenerator({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_IMAGE_MODEL: 'gpt-image-1',
      IMAGE_TIMEOUT_MS: 10_000,
      IMAGE_MAX_BYTES: 20 * 1024 * 1024,
    }) as ImageGenerator;
    // The provider answers 503 to the first attempts, then the real client and fake take over.
    const generator: ImageGenerator = {
      model: real.model,
      generate(prompt, size) {
        if (failuresLeft > 0) {
          failuresLeft--;
          return Promise.reject(
            new ImageGenerationError('provider_failed', 'The image provider answered 503', true),
          );
        }
        return real.generate(prompt, size);
      },
    };
    flaky = await startCreateService({ env: { IMAGE_ATTEMPTS: '3' }, deps: { imageGenerator: generator } });
  });
  afterAll(() => flaky?.close());

  it('retries with backoff and stores the image once the provider is back', async () => {
    failuresLeft = 2;
    const flakyClient = createClient(flaky.url, await flaky.token('painter'));
    const accepted = await flakyClient.image({ prompt: 'A red fox' });
    const settled = await waitUntilSettled(flakyClient, accepted.body.artifact.id);
    expect(settled.body.artifact.status).toBe('ready');
    expect(failuresLeft).toBe(0);
    expect(openai.imageCount()).toBe(1);
    expect(
      (await flakyClient.content(accepted.body.artifact.id)).bytes.equals(
        openai.generatedImages()[0]?.bytes as Buffer,
      ),
    ).toBe(true);
  });
});

describe('images without an OpenAI key', () => {
  let plain: CreateServiceUnderTest;
  beforeAll(async () => {
    plain = await startCreateService({ env: { OPENAI_BASE_URL: `${openai.url}/v1` } });
  });
  afterAll(() => plain?.close());

  it('answers 503 not_configured and stores nothing', async () => {
    const plainClient = createClient(plain.url, await plain.token('painter'));
    const response = await plainClient.image({ prompt: 'A lighthouse' });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('not_configured');
    expect((await plainClient.list()).body.artifacts).toEqual([]);
    expect(openai.imageCount()).toBe(0);
  });
});
