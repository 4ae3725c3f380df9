import { z } from 'zod';
import { fileStatuses } from './db/schema.ts';
import { HTML, MARKDOWN, TEXT } from './intake/sniff-type.ts';

/** projects-svc's space ids are UUIDs. */
export const spaceId = z.uuid();
const userId = z.string().min(1).max(200);

export const filePath = z.object({ id: z.uuid() });
export const uploadQuery = z.object({ spaceId: spaceId.optional() });
/** attachment (default) saves the file; inline opens it in the browser (a cited PDF at its page). */
export const downloadQuery = z.object({
  disposition: z.enum(['attachment', 'inline']).default('attachment'),
});
export const listQuery = z.object({ spaceId: spaceId.optional(), status: z.enum(fileStatuses).optional() });

export const searchInput = z.strictObject({
  userId,
  orgId: z.string().max(200).nullable().optional(),
  spaceId: spaceId.optional(),
  query: z.string().trim().min(1).max(2_000),
  limit: z.number().int().min(1).max(30).default(8),
});

export const documentInput = (maxChars: number) =>
  z.strictObject({
    spaceId,
    ownerId: userId,
    orgId: z.string().max(200).nullable().optional(),
    sourceKey: z.string().min(1).max(1_000),
    name: z.string().trim().min(1).max(255),
    url: z.url().max(4_096),
    mediaType: z.enum([HTML, TEXT, MARKDOWN]),
    content: z.string().min(1).max(maxChars),
  });

export const documentQuery = z.object({ spaceId, sourceKey: z.string().min(1).max(1_000) });
export const spacePath = z.object({ spaceId });
