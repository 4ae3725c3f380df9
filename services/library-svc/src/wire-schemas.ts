import { z } from 'zod';

/**
 * The request shapes of every route, with the size limits that keep one row reasonable.
 * Postgres refuses NUL characters in text and jsonb, so every string drops them on the way in
 * (an answer with one stray NUL from a model is still worth keeping).
 */
export const limits = {
  titleChars: 200,
  queryChars: 20_000,
  /** chat-svc may pass the whole question as a title; we keep the first titleChars of it. */
  internalTitleChars: 20_000,
  answerChars: 200_000,
  sources: 50,
  related: 20,
  searchChars: 500,
  pageSize: 100,
} as const;

const withoutNul = (value: string) => value.replaceAll('\u0000', '');
const text = (max: number) => z.string().max(max).transform(withoutNul);
const nonEmptyText = (max: number) =>
  z
    .string()
    .transform((value) => withoutNul(value).trim())
    .pipe(z.string().min(1).max(max));
/** A mode or focus name: chat-svc owns the vocabulary, we only keep it tidy. */
const word = z.string().regex(/^[A-Za-z0-9_.-]{1,50}$/, 'letters, digits, "_", "-" or "." (1..50)');
const safeKey = z
  .string()
  .max(100)
  .refine((key) => !key.includes('\u0000'), 'must not contain NUL');

export const uuid = z.uuid();

/** JSON values nested at most `depth` levels: enough for usage/timings, no unbounded recursion. */
function boundedJson(depth: number): z.ZodType {
  const scalar = z.union([text(5_000), z.number(), z.boolean(), z.null()]);
  if (depth === 0) return scalar;
  const inner = boundedJson(depth - 1);
  return z.union([scalar, z.array(inner).max(100), z.record(safeKey, inner)]);
}

/**
 * A numbered source the answer cites. The number is `index` (this service's name) or `n` (what
 * chat-svc's stream calls it); either is kept as sent. Extras such as engines, publishedDate and
 * thumbnail are kept too, one level deep.
 */
const source = z
  .object({
    index: z.number().int().min(0).max(10_000).optional(),
    n: z.number().int().min(0).max(10_000).optional(),
    title: text(1_000),
    url: text(4_096),
    snippet: text(10_000).optional(),
  })
  .catchall(boundedJson(1))
  .refine((value) => value.index !== undefined || value.n !== undefined, {
    message: 'needs its citation number as index (or n)',
  });

/** What a new thread is created with (by PUT thread, or along with its first message). */
const threadFields = z.object({
  orgId: z.string().min(1).max(200).nullish(),
  title: nonEmptyText(limits.internalTitleChars).transform((title) => title.slice(0, limits.titleChars)),
  spaceId: z.string().min(1).max(200).nullish(),
  mode: word,
  focus: word,
});
export type ThreadFields = z.infer<typeof threadFields>;

export const threadInput = threadFields.extend({ userId: z.string().min(1).max(200) });
export type ThreadInput = z.infer<typeof threadInput>;

export const messageInput = z.object({
  userId: z.string().min(1).max(200),
  query: nonEmptyText(limits.queryChars),
  answer: text(limits.answerChars),
  sources: z.array(source).max(limits.sources).default([]),
  related: z.array(nonEmptyText(500)).max(limits.related).default([]),
  mode: word,
  focus: word,
  model: z.string().max(200).transform(withoutNul).nullish(),
  status: z.enum(['streaming', 'complete', 'incomplete', 'failed']),
  error: boundedJson(2).optional(),
  usage: z.record(safeKey, boundedJson(2)).nullish(),
  timings: z.record(safeKey, boundedJson(2)).nullish(),
  /**
   * Creates the thread if it does not exist yet, in the same statement: chat-svc saves a new
   * thread's first answer with one call instead of two.
   */
  thread: threadFields.optional(),
});
export type MessageInput = z.infer<typeof messageInput>;

export const ownerQuery = z.object({ userId: z.string().min(1).max(200) });
export const threadPath = z.object({ threadId: uuid });
export const messagePath = z.object({ threadId: uuid, messageId: uuid });
export const publicThreadPath = z.object({ id: uuid });

export const threadPatch = z
  .strictObject({
    title: nonEmptyText(limits.titleChars).optional(),
    saved: z.boolean().optional(),
  })
  .refine((patch) => patch.title !== undefined || patch.saved !== undefined, {
    message: 'give a title, saved, or both',
  });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(limits.pageSize).default(20),
  cursor: z.string().max(200).optional(),
  q: nonEmptyText(limits.searchChars).optional(),
  saved: z.enum(['true', 'false']).optional(),
  /** Only the threads asked in this space. */
  spaceId: z.string().min(1).max(200).optional(),
});

/** projects-svc checks and titles the threads of a collection in one call. */
export const lookupInput = z.strictObject({
  userId: z.string().min(1).max(200),
  ids: z.array(uuid).min(1).max(200),
});
