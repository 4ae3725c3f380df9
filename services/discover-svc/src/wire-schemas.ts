import { z } from 'zod';

/** Stories per page, on every paged route. */
export const PAGE_SIZE = 12;
/** Pages beyond this are refused outright (a feed keeps at most a few hundred stories). */
const MAX_PAGE = 100;

const page = z.coerce.number().int().min(1).max(MAX_PAGE).default(1);

/** GET /api/v1/discover: an unknown topic is 400 naming `query.topic` and the topics there are. */
export const feedQuery = (topicIds: [string, ...string[]], defaultTopic: string) =>
  z.object({ topic: z.enum(topicIds).default(defaultTopic), page });

export const forYouQuery = z.object({ page });

export const topicPath = z.object({ id: z.string() });

/** What the cache-worker sends: how long it may take, in ms from now. */
export const refreshBody = z.strictObject({
  deadlineMs: z.number().int().min(1).max(3_600_000).optional(),
});

/** GET /stories/:id/triangulation: the topic whose feed holds the story (a configured id or a custom topic's). */
export const triangulationQuery = (defaultTopic: string) =>
  z.object({ topic: z.string().min(1).max(64).default(defaultTopic) });
