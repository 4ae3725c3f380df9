import { randomUUID } from 'node:crypto';
import type { AuthUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import type { z } from 'zod';
import type { ImageContent } from '../artifacts/artifact-content.ts';
import { deleteOwnedArtifact, insertArtifact } from '../artifacts/artifact-repository.ts';
import type { ArtifactRow } from '../db/schema.ts';
import type { CreateContext } from '../deps.ts';
import type { imageInput } from '../wire-schemas.ts';
import { enqueueImage } from './image-queue.ts';

/**
 * A pending image artifact and its job (the worker makes and stores the image). Without an
 * OpenAI key nothing is stored: 503 `not_configured`.
 */
export async function requestImage(
  ctx: CreateContext,
  user: AuthUser,
  input: z.infer<typeof imageInput>,
): Promise<ArtifactRow> {
  if (!ctx.imageGenerator) {
    throw new ApiError('not_configured', 'Image generation needs an OpenAI API key (OPENAI_API_KEY)');
  }
  const content: ImageContent = {
    prompt: input.prompt,
    size: input.size,
    model: ctx.imageGenerator.model,
    revisedPrompt: null,
  };
  const row = await insertArtifact(ctx.db, {
    id: randomUUID(),
    userId: user.id,
    orgId: user.orgId,
    kind: 'image',
    status: 'pending',
    title: input.title ?? input.prompt.slice(0, 200),
    content: content as unknown as Record<string, unknown>,
    origin: { type: 'prompt' },
  });
  try {
    await enqueueImage(ctx.images, ctx.config, { artifactId: row.id });
  } catch (error) {
    // Not queued means never made: no pending row may be left behind waiting forever.
    await deleteOwnedArtifact(ctx.db, user.id, row.id);
    throw error;
  }
  return row;
}
