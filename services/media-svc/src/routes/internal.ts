import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import type { MediaContext, MediaEnv } from '../deps.ts';
import { mediaQuery } from '../wire-schemas.ts';

/** chat-svc asks for a question's images and videos, to show beside the answer. */
const answerMediaInput = z.strictObject({
  query: z.string(),
  images: z.number().int().min(0).max(12).default(6),
  videos: z.number().int().min(0).max(6).default(3),
});

/**
 * Calls from our other services only (x-service-token); 404 to everyone else. The same cached
 * pages as the public routes, safe search on; a kind that fails comes back empty rather than
 * failing the answer it decorates.
 */
export function internalRoutes(ctx: MediaContext): Hono<MediaEnv> {
  const app = new Hono<MediaEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  app.post('/answer-media', async (c) => {
    const input = await jsonBody(c, answerMediaInput);
    const query = mediaQuery.parse({ q: input.query.slice(0, 300) || ' ', safe: 'moderate', page: 1 });
    const take = async (kind: 'images' | 'videos', count: number) => {
      if (count === 0) return [];
      try {
        const cached = await ctx.media.find(kind, query);
        return (JSON.parse(cached.json) as { results: unknown[] }).results.slice(0, count);
      } catch {
        return [];
      }
    };
    const [images, videos] = await Promise.all([take('images', input.images), take('videos', input.videos)]);
    return c.json({ images, videos });
  });
  return app;
}
