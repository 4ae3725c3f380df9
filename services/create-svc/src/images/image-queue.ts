import type { Database } from '@perplexica/db';
import type { ObjectStore } from '@perplexica/object-store';
import type { Logger } from '@perplexica/observability';
import { createQueue, createWorker, type QueueConfig } from '@perplexica/redis/queue';
import { type Queue, UnrecoverableError, type Worker } from 'bullmq';
import type { ImageContent } from '../artifacts/artifact-content.ts';
import { findArtifact, markFailed, markImageReady } from '../artifacts/artifact-repository.ts';
import type { CreateConfig } from '../config.ts';
import type { CreateDatabase } from '../db/schema.ts';
import { ImageGenerationError, type ImageGenerator } from './image-generator.ts';

export const IMAGE_QUEUE = 'generate-images';

/** One image to make: the artifact row holds the prompt and size. */
export interface ImageJob {
  artifactId: string;
}

export type ImageQueue = Queue<ImageJob>;
export type ImageJobOutcome = 'stored' | 'gone';

/** BullMQ's keys live under the service's prefix: perplexica:create:bull:generate-images:… */
export function imageQueueConfig(config: CreateConfig): QueueConfig {
  return { url: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bull` };
}

export function createImageQueue(config: CreateConfig): ImageQueue {
  return createQueue<ImageJob>(IMAGE_QUEUE, imageQueueConfig(config));
}

/** Queues the image with retries and backoff; the artifact id is the job id, so it is queued once. */
export async function enqueueImage(queue: ImageQueue, config: CreateConfig, job: ImageJob): Promise<void> {
  await queue.add('generate', job, {
    jobId: job.artifactId,
    attempts: config.IMAGE_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.IMAGE_BACKOFF_MS },
  });
}

export const imageObjectKey = (artifactId: string, extension: string) => `images/${artifactId}.${extension}`;

export interface ImageWorkerDeps {
  config: CreateConfig;
  logger: Logger;
  db: Database<CreateDatabase>['db'];
  store: ObjectStore;
  /** null without OPENAI_API_KEY: a job queued before the key was removed fails as not configured. */
  generator: ImageGenerator | null;
}

/**
 * Makes one image: asks the provider, stores the bytes in the object store, then marks the row
 * ready. A failure the provider may get over (429, 5xx, network) is retried by BullMQ with
 * backoff; a refused prompt, or the last attempt, marks the artifact failed with the reason. An
 * artifact deleted meanwhile is left alone (and an object stored for it is removed).
 */
export async function generateImageJob(
  deps: ImageWorkerDeps,
  job: { data: ImageJob; attemptsMade: number; opts: { attempts?: number } },
): Promise<ImageJobOutcome> {
  const row = await findArtifact(deps.db, job.data.artifactId);
  if (row?.status !== 'pending') return 'gone';
  const content = row.content as unknown as ImageContent;
  if (!deps.generator) {
    await markFailed(deps.db, row.id, {
      code: 'not_configured',
      message: 'Image generation is not configured',
    });
    throw new UnrecoverableError('image generation is not configured');
  }
  let image: Awaited<ReturnType<ImageGenerator['generate']>>;
  try {
    image = await deps.generator.generate(content.prompt, content.size);
  } catch (error) {
    const failure =
      error instanceof ImageGenerationError
        ? error
        : new ImageGenerationError('provider_failed', 'Image generation failed', true, { cause: error });
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!failure.retryable || lastAttempt) {
      await markFailed(deps.db, row.id, { code: failure.code, message: failure.message });
    }
    if (!failure.retryable) throw new UnrecoverableError(failure.message);
    throw failure;
  }
  const objectKey = imageObjectKey(row.id, image.extension);
  await deps.store.put(objectKey, image.bytes, { 'content-type': image.contentType }, image.bytes.length);
  const stored = await markImageReady(deps.db, row.id, {
    objectKey,
    contentType: image.contentType,
    byteSize: image.bytes.length,
    content: { ...content, model: image.model, revisedPrompt: image.revisedPrompt } satisfies ImageContent,
  });
  if (!stored) {
    await deps.store.remove(objectKey);
    return 'gone';
  }
  return 'stored';
}

/** The worker that runs image jobs; main.ts starts it unless IMAGE_WORKER=false. */
export function startImageWorker(deps: ImageWorkerDeps): Worker<ImageJob, ImageJobOutcome> {
  const worker = createWorker<ImageJob, ImageJobOutcome>(IMAGE_QUEUE, (job) => generateImageJob(deps, job), {
    ...imageQueueConfig(deps.config),
    concurrency: deps.config.IMAGE_CONCURRENCY,
  });
  worker.on('failed', (job, error) => {
    deps.logger.warn(
      {
        err: error,
        artifactId: job?.data.artifactId,
        attemptsMade: job?.attemptsMade,
        attempts: job?.opts.attempts,
      },
      'image generation failed',
    );
  });
  // Connection trouble; BullMQ reconnects by itself.
  worker.on('error', (error) => deps.logger.error({ err: error }, 'image worker error'));
  return worker;
}
