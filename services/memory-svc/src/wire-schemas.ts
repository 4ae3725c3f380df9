import { z } from 'zod';

/**
 * The request shapes of every route, with the size limits that keep one row reasonable.
 * Postgres refuses NUL characters in text, so every string drops them on the way in.
 */
export const limits = {
  memoryChars: 500,
  searchChars: 500,
  /** A question as chat-svc passes it (its own cap is lower). */
  questionChars: 20_000,
  answerChars: 200_000,
  recallMax: 20,
  recallDefault: 5,
} as const;

const withoutNul = (value: string) => value.replaceAll('\u0000', '');
const nonEmptyText = (max: number) =>
  z
    .string()
    .transform((value) => withoutNul(value).trim())
    .pipe(z.string().min(1).max(max));
const id = z.string().min(1).max(200);
/** Absent, null or "" (no organization) all mean null. */
const optionalOrgId = z
  .preprocess((value) => (value === '' ? null : value), id.nullish())
  .transform((value) => value ?? null);

export const memoryText = nonEmptyText(limits.memoryChars);

/** POST and PATCH of a memory or an org fact. */
export const memoryInput = z.strictObject({ text: memoryText });

export const memoryPath = z.object({ id: z.uuid() });

export const listQuery = z.object({ q: nonEmptyText(limits.searchChars).optional() });

/** null: follow the org's default (or MEMORY_DEFAULT_ENABLED). */
export const settingsInput = z.strictObject({ enabled: z.boolean().nullable() });

/** null: back to MEMORY_DEFAULT_ENABLED. */
export const orgSettingsInput = z.strictObject({ defaultEnabled: z.boolean().nullable() });

export const recallInput = z.object({
  userId: id,
  orgId: optionalOrgId,
  query: nonEmptyText(limits.questionChars),
  limit: z.number().int().min(1).max(limits.recallMax).default(limits.recallDefault),
});
export type RecallInput = z.infer<typeof recallInput>;

export const extractInput = z.object({
  userId: id,
  orgId: optionalOrgId,
  /** The thread the question was asked in; null (or "") for answers outside a thread. */
  threadId: z
    .preprocess((value) => (value === '' ? null : value), z.uuid().nullish())
    .transform((value) => value ?? null),
  question: nonEmptyText(limits.questionChars),
  /** Accepted for the contract; facts are taken from the question only, never from the answer. */
  answer: z.string().max(limits.answerChars).default(''),
});
export type ExtractInput = z.infer<typeof extractInput>;
