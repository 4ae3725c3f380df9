import { outcomes } from '@perplexica/audit';
import { z } from 'zod';

/** A point in time: ISO 8601 with a time and zone ("2026-11-30T08:00:00Z") or a date (UTC midnight). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'must be an ISO 8601 date or date-time, e.g. 2026-11-30T08:00:00Z',
  })
  .transform((value) => new Date(value));

/** An exact action ("auth.sign_in") or every action under a prefix ("auth.*"). */
const actionFilter = z
  .string()
  .max(102)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/,
    'must be an action ("auth.sign_in") or a prefix ending in .* ("auth.*")',
  );

/** "file" (every target of that type) or "file:3f2a…" (that one). */
const targetFilter = z
  .string()
  .min(1)
  .max(301)
  .transform((value) => {
    const colon = value.indexOf(':');
    return colon === -1 ? { type: value } : { type: value.slice(0, colon), id: value.slice(colon + 1) };
  })
  .refine((target) => target.type.length > 0 && target.id !== '', 'must be "<type>" or "<type>:<id>"');

const filterFields = {
  from: instant.optional(),
  to: instant.optional(),
  actor: z.string().min(1).max(200).optional(),
  action: actionFilter.optional(),
  target: targetFilter.optional(),
  outcome: z.enum(outcomes).optional(),
  q: z.string().trim().min(1).max(200).optional(),
};

/** `from` is inclusive, `to` exclusive; one before the other. */
function timeRangeInOrder(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (value.from && value.to && value.from.getTime() > value.to.getTime()) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}

export const auditLogQuery = z
  .object({
    ...filterFields,
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(timeRangeInOrder);

export const exportQuery = z
  .object({
    ...filterFields,
    format: z.enum(['csv', 'jsonl'], { error: 'must be "csv" or "jsonl"' }),
  })
  .superRefine(timeRangeInOrder);

export type AuditFilters = Omit<z.output<typeof exportQuery>, 'format'>;
