import { ApiError } from '@perplexica/errors';
import { z } from 'zod';
import {
  type ControlPaths,
  checkSearchControls,
  contextSizeSchema,
  decideSearchControls,
  domainFilterSchema,
  type GivenSearchControls,
  recencySchema,
  restrictsSearch,
  type SearchControls,
  searchModeSchema,
  sonarDateSchema,
} from './search-filters.ts';

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

/** Focuses that search nothing on the web, so web search controls cannot apply to them. */
const unsearchedFocuses: Focus[] = ['writing', 'files'];

const controlPaths: ControlPaths = {
  domainFilter: ['searchDomainFilter'],
  recency: ['searchRecencyFilter'],
  afterDate: ['searchAfterDate'],
  beforeDate: ['searchBeforeDate'],
  searchMode: ['searchMode'],
};

const givenControls = (body: {
  searchDomainFilter?: string[] | undefined;
  searchRecencyFilter?: GivenSearchControls['recency'];
  searchAfterDate?: string | undefined;
  searchBeforeDate?: string | undefined;
  searchMode?: GivenSearchControls['searchMode'];
  searchContextSize?: GivenSearchControls['contextSize'];
  returnImages?: boolean | undefined;
  returnRelatedQuestions?: boolean | undefined;
}): GivenSearchControls => ({
  domainFilter: body.searchDomainFilter,
  recency: body.searchRecencyFilter,
  afterDate: body.searchAfterDate,
  beforeDate: body.searchBeforeDate,
  searchMode: body.searchMode,
  contextSize: body.searchContextSize,
  returnImages: body.returnImages,
  returnRelatedQuestions: body.returnRelatedQuestions,
});

/** The body of POST /api/v1/chat. The search controls are Sonar's, camel-cased like the rest of it. */
export const chatRequestSchema = (maxQueryChars: number) =>
  z
    .strictObject({
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
      /** Up to 20 domains to search (example.com) or to exclude (-example.com), not both. */
      searchDomainFilter: domainFilterSchema.optional(),
      searchRecencyFilter: recencySchema.optional(),
      /** %m/%d/%Y, publication dates, both days included. */
      searchAfterDate: sonarDateSchema.optional(),
      searchBeforeDate: sonarDateSchema.optional(),
      /** web, academic, patents (focuses by another name) or sec (the web, sec.gov only). */
      searchMode: searchModeSchema.optional(),
      /** Absent: true (the media event). */
      returnImages: z.boolean().optional(),
      /** Absent: true (the related event). */
      returnRelatedQuestions: z.boolean().optional(),
      /** low, medium, high: how many sources are read; absent: the mode's own. */
      searchContextSize: contextSizeSchema.optional(),
    })
    .superRefine((body, ctx) => {
      const given = givenControls(body);
      checkSearchControls(given, controlPaths, ctx);
      const modeFocus = decideSearchControls(given, {
        returnImages: true,
        returnRelatedQuestions: true,
      }).focus;
      if (body.focus && modeFocus && body.focus !== modeFocus) {
        ctx.addIssue({
          code: 'custom',
          path: ['searchMode'],
          message: `${body.searchMode} searches with focus ${modeFocus}, but focus is ${body.focus}: send one or the other`,
        });
      }
    });
export type ChatRequestBody = z.infer<ReturnType<typeof chatRequestSchema>>;

/** The request with mode, focus and search controls decided (from the request, else the space, else the defaults). */
export type ChatRequest = Omit<ChatRequestBody, 'mode' | 'focus'> & {
  mode: Mode;
  focus: Focus;
  search: SearchControls;
};

const isMode = (value: string | null | undefined): value is Mode => modes.includes(value as Mode);
const isFocus = (value: string | null | undefined): value is Focus => focuses.includes(value as Focus);

/** Throws 400 when search controls are given for a focus that does no web search. */
export function resolveRequest(
  body: ChatRequestBody,
  space: { defaultMode: string | null; defaultFocus: string | null } | null,
): ChatRequest {
  const given = givenControls(body);
  const search = decideSearchControls(given, { returnImages: true, returnRelatedQuestions: true });
  const focus = body.focus ?? search.focus ?? (isFocus(space?.defaultFocus) ? space.defaultFocus : 'web');
  if (restrictsSearch(given) && unsearchedFocuses.includes(focus)) {
    const field = Object.entries(controlPaths).find(
      ([name]) => given[name as keyof GivenSearchControls] !== undefined,
    )?.[1][0];
    const path = `body.${field ?? 'focus'}`;
    const message = `applies to web search, which focus ${focus} does not do`;
    throw new ApiError('validation_failed', `${path}: ${message}`, { details: [{ path, message }] });
  }
  return {
    ...body,
    mode: body.mode ?? (isMode(space?.defaultMode) ? space.defaultMode : 'speed'),
    focus,
    search,
  };
}
