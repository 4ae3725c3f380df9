import { z } from 'zod';
import { chartSpec } from './dashboards/chart-spec.ts';

/**
 * The request shapes of every route. Sizes of given data are checked against the configured
 * limits in the routes (413), after these shapes.
 */
export const limits = {
  titleChars: 200,
  promptChars: 4_000,
  imagePromptChars: 4_000,
  charts: 12,
  pageSize: 100,
} as const;

const withoutNul = (value: string) => value.replaceAll('\u0000', '');
const nonEmptyText = (max: number) =>
  z
    .string()
    .transform((value) => withoutNul(value).trim())
    .pipe(z.string().min(1).max(max));

export const artifactKinds = ['table', 'dashboard', 'image'] as const;

/** Data a user gives: CSV text (a header row first) or JSON rows. */
export const givenData = z.discriminatedUnion('format', [
  z.strictObject({
    format: z.literal('csv'),
    text: z.string().min(1),
    delimiter: z.enum([',', ';', '\t']).default(','),
  }),
  z.strictObject({
    format: z.literal('json'),
    rows: z.array(z.record(z.string().max(200), z.unknown())),
  }),
]);

export const tableInput = z
  .strictObject({
    title: nonEmptyText(limits.titleChars).optional(),
    /** What the table should hold; needs a model. Without it, `data` is tabulated as given. */
    prompt: nonEmptyText(limits.promptChars).optional(),
    data: givenData.optional(),
    /** A thread of the caller's whose latest answer and sources the model may draw on. */
    threadId: z.uuid().optional(),
  })
  .superRefine((input, context) => {
    if (input.prompt === undefined && input.data === undefined) {
      context.addIssue({ code: 'custom', path: ['prompt'], message: 'give a prompt, data, or both' });
    }
    if (input.threadId !== undefined && input.prompt === undefined) {
      context.addIssue({ code: 'custom', path: ['prompt'], message: 'say what to tabulate from the thread' });
    }
  });
export type TableInput = z.infer<typeof tableInput>;

export const dashboardInput = z
  .strictObject({
    title: nonEmptyText(limits.titleChars),
    data: givenData.optional(),
    /** One of the caller's table artifacts, whose columns and rows the charts show. */
    tableId: z.uuid().optional(),
    charts: z.array(chartSpec).min(1).max(limits.charts),
  })
  .superRefine((input, context) => {
    if ((input.data === undefined) === (input.tableId === undefined)) {
      context.addIssue({ code: 'custom', path: ['data'], message: 'give either data or tableId' });
    }
  });
export type DashboardInput = z.infer<typeof dashboardInput>;

export const imageSizes = [
  '1024x1024',
  '1536x1024',
  '1024x1536',
  '1792x1024',
  '1024x1792',
  '512x512',
  '256x256',
] as const;

export const imageInput = z.strictObject({
  prompt: nonEmptyText(limits.imagePromptChars),
  title: nonEmptyText(limits.titleChars).optional(),
  size: z.enum(imageSizes).default('1024x1024'),
});

export const artifactPath = z.object({ id: z.uuid() });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(limits.pageSize).default(20),
  cursor: z.string().max(200).optional(),
  kind: z.enum(artifactKinds).optional(),
});

export const exportFormats = ['markdown', 'pdf', 'docx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportQuery = z.object({
  format: z.preprocess((value) => (value === 'md' ? 'markdown' : value), z.enum(exportFormats)),
});

export const threadPath = z.object({ id: z.uuid() });
