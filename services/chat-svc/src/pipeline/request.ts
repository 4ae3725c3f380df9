import { z } from 'zod';

export const modes = ['speed', 'balanced', 'quality', 'learn'] as const;
export const focuses = ['web', 'academic', 'video', 'social', 'writing', 'patents', 'local'] as const;
export type Mode = (typeof modes)[number];
export type Focus = (typeof focuses)[number];

/** The body of POST /api/v1/chat. */
export const chatRequestSchema = (maxQueryChars: number) =>
  z.strictObject({
    query: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(maxQueryChars, `must be at most ${maxQueryChars} characters`),
    threadId: z.uuid().optional(),
    mode: z.enum(modes).default('speed'),
    focus: z.enum(focuses).default('web'),
    spaceId: z.string().min(1).max(200).optional(),
    /** ISO 639-1 code of the answer's language; detected from the question when absent. */
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Za-z]{2})?$/, 'must be a language code like "en" or "pt-BR"')
      .optional(),
  });
export type ChatRequest = z.infer<ReturnType<typeof chatRequestSchema>>;
