import { createUndiciFetch } from '@perplexica/http';
import OpenAI from 'openai';
import type { CreateConfig } from '../config.ts';
import { sniffImage } from './sniff-image.ts';

export interface GeneratedImage {
  bytes: Buffer;
  contentType: string;
  extension: string;
  /** What the provider says it drew (DALL·E rewrites prompts), or null. */
  revisedPrompt: string | null;
  model: string;
}

/** The provider refused or failed; `retryable` when trying again later may help. */
export class ImageGenerationError extends Error {
  override readonly name = 'ImageGenerationError';
  readonly code: 'refused' | 'provider_failed' | 'not_configured';
  readonly retryable: boolean;
  constructor(
    code: ImageGenerationError['code'],
    message: string,
    retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.code = code;
    this.retryable = retryable;
  }
}

export interface ImageGenerator {
  readonly model: string;
  generate(prompt: string, size: string): Promise<GeneratedImage>;
}

const retryableStatus = (status: number | undefined) =>
  status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;

/** The client library's errors as ours: a refused prompt is final, a busy provider is not. */
function generationFailure(error: unknown): ImageGenerationError {
  if (error instanceof ImageGenerationError) return error;
  if (error instanceof OpenAI.APIError) {
    const body = error.error as { code?: string; message?: string } | undefined;
    if (body?.code === 'content_policy_violation') {
      return new ImageGenerationError(
        'refused',
        'The image provider refused this prompt (its safety system)',
        false,
        {
          cause: error,
        },
      );
    }
    const status = error.status;
    const detail = body?.message ? `: ${body.message}` : '';
    return new ImageGenerationError(
      'provider_failed',
      `The image provider answered ${status ?? 'with an error'}${detail}`.slice(0, 500),
      retryableStatus(status),
      { cause: error },
    );
  }
  return new ImageGenerationError('provider_failed', 'The image provider is unreachable or timed out', true, {
    cause: error,
  });
}

/** Reads a provider's image link (OpenAI-compatible servers may answer `url`), bounded in size. */
async function download(url: string, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  if (!/^https?:\/\//i.test(url))
    throw new ImageGenerationError('provider_failed', 'The image link is not http(s)', false);
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) {
    throw new ImageGenerationError(
      'provider_failed',
      `The image link answered ${response.status}`,
      retryableStatus(response.status),
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes)
      throw new ImageGenerationError('provider_failed', `The image is larger than ${maxBytes} bytes`, false);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * OpenAI's images API through the official client (`images.generate`), at OPENAI_BASE_URL; null
 * without OPENAI_API_KEY, so the routes answer 503 `not_configured`. GPT image models always
 * answer base64 and refuse `response_format`; DALL·E models are asked for base64 explicitly.
 * The client does not retry: the job queue does, with backoff, and only what may succeed.
 */
export type ImageGeneratorConfig = Pick<
  CreateConfig,
  'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_IMAGE_MODEL' | 'IMAGE_TIMEOUT_MS' | 'IMAGE_MAX_BYTES'
>;

export function createImageGenerator(config: ImageGeneratorConfig): ImageGenerator | null {
  if (!config.OPENAI_API_KEY) return null;
  const client = new OpenAI({
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    timeout: config.IMAGE_TIMEOUT_MS,
    maxRetries: 0,
    fetch: createUndiciFetch(),
  });
  const model = config.OPENAI_IMAGE_MODEL;
  const asksForBase64 = model.startsWith('dall-e');
  return {
    model,
    async generate(prompt, size) {
      try {
        const response = await client.images.generate({
          model,
          prompt,
          size: size as '1024x1024',
          n: 1,
          ...(asksForBase64 ? { response_format: 'b64_json' as const } : {}),
        });
        const image = response.data?.[0];
        let bytes: Buffer;
        if (image?.b64_json) bytes = Buffer.from(image.b64_json, 'base64');
        else if (image?.url)
          bytes = await download(image.url, config.IMAGE_MAX_BYTES, config.IMAGE_TIMEOUT_MS);
        else
          throw new ImageGenerationError(
            'provider_failed',
            'The image provider answered without an image',
            true,
          );
        if (bytes.length > config.IMAGE_MAX_BYTES) {
          throw new ImageGenerationError(
            'provider_failed',
            `The image is larger than ${config.IMAGE_MAX_BYTES} bytes`,
            false,
          );
        }
        const type = sniffImage(bytes);
        if (!type)
          throw new ImageGenerationError(
            'provider_failed',
            'The image provider sent something that is not an image',
            false,
          );
        return { bytes, ...type, revisedPrompt: image?.revised_prompt ?? null, model };
      } catch (error) {
        throw generationFailure(error);
      }
    },
  };
}
