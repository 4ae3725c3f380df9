import { z } from 'zod';

export const modes = ['speed', 'balanced', 'quality', 'learn'] as const;
export const focuses = [
  'web',
  'academic',
  'video',
  'social',
  'writing',
  'patents',
  'local',
  'files',
] as const;
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
    /** Absent: the space's default, else speed. */
    mode: z.enum(modes).optional(),
    /** Absent: the space's default, else web. "files" answers from the user's own files only. */
    focus: z.enum(focuses).optional(),
    /** A space (projects-svc): its files are searched and its instructions shape the answer. */
    spaceId: z.uuid().optional(),
    /** ISO 639-1 code of the answer's language; detected from the question when absent. */
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Za-z]{2})?$/, 'must be a language code like "en" or "pt-BR"')
      .optional(),
  });
export type ChatRequestBody = z.infer<ReturnType<typeof chatRequestSchema>>;

/** The request with mode and focus decided (from the request, else the space, else the defaults). */
export type ChatRequest = Omit<ChatRequestBody, 'mode' | 'focus'> & { mode: Mode; focus: Focus };

const isMode = (value: string | null | undefined): value is Mode => modes.includes(value as Mode);
const isFocus = (value: string | null | undefined): value is Focus => focuses.includes(value as Focus);

export function resolveRequest(
  body: ChatRequestBody,
  space: { defaultMode: string | null; defaultFocus: string | null } | null,
): ChatRequest {
  return {
    ...body,
    mode: body.mode ?? (isMode(space?.defaultMode) ? space.defaultMode : 'speed'),
    focus: body.focus ?? (isFocus(space?.defaultFocus) ? space.defaultFocus : 'web'),
  };
}
