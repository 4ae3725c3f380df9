import { z } from 'zod';

/** The BullMQ queue every service's emitter feeds and audit-svc's worker drains. */
export const AUDIT_QUEUE = 'audit-events';

/** BullMQ's keys live under audit-svc's Redis prefix: perplexica:audit:bull:audit-events:… */
export const DEFAULT_AUDIT_QUEUE_PREFIX = 'perplexica:audit:bull';

/** `details` is context for a reader, not a payload store: its JSON is capped at this many bytes. */
export const AUDIT_DETAILS_MAX_BYTES = 8_192;

export const actorTypes = ['user', 'api_key', 'service', 'anonymous'] as const;
export const outcomes = ['success', 'failure', 'denied'] as const;
export type ActorType = (typeof actorTypes)[number];
export type Outcome = (typeof outcomes)[number];

/** "auth.sign_in", "files.upload", "billing.plan.change": lowercase dotted segments. */
export const actionName = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'must be a dotted name such as "auth.sign_in"');

const shortText = (max: number) => z.string().min(1).max(max);

const detailsSchema = z
  .record(z.string(), z.unknown())
  .refine((details) => Buffer.byteLength(JSON.stringify(details), 'utf8') <= AUDIT_DETAILS_MAX_BYTES, {
    message: `must be at most ${AUDIT_DETAILS_MAX_BYTES} bytes as JSON`,
  });

/**
 * Postgres text and jsonb cannot hold U+0000 nor a lone UTF-16 surrogate (it would be stored as
 * U+FFFD, and the stored row would no longer hash to what was chained): refused up front, since
 * such an event could never be stored. JSON.stringify escapes exactly those (and well-formed
 * pairs it writes as they are).
 */
const storable = (value: unknown) => !/\\u(?:0000|d[89a-f][0-9a-f]{2})/i.test(JSON.stringify(value));
const storableMessage = { message: 'must not contain U+0000 or unpaired surrogate characters' };

const eventFields = {
  actor: z.object({ id: shortText(200), type: z.enum(actorTypes) }),
  /** The organization the event belongs to (whose admins read it); null outside any org. */
  orgId: shortText(200).nullable(),
  action: actionName,
  target: z
    .object({ type: shortText(100), id: shortText(200) })
    .nullable()
    .optional(),
  outcome: z.enum(outcomes),
  ip: z.string().max(100).nullable().optional(),
  userAgent: z.string().max(1_000).nullable().optional(),
  requestId: z.string().max(200).nullable().optional(),
  details: detailsSchema.optional(),
};

/** What a service hands to `emit`: the emitter fills in eventId, time and service. */
export const auditEventInput = z
  .object({
    ...eventFields,
    /** Give one to make a retried emit of the same fact one stored event. */
    eventId: z.uuid().optional(),
    /** When it happened (ISO 8601); now by default. */
    time: z.iso.datetime({ offset: true }).optional(),
  })
  .refine(storable, storableMessage);
export type AuditEventInput = z.input<typeof auditEventInput>;

/**
 * An event as it travels through the queue and is stored: every field present. `time` is always
 * a UTC ISO string with milliseconds (Date#toISOString), so it round-trips through timestamptz
 * unchanged and the hash chain recomputes from stored rows.
 */
export const auditEvent = z
  .object({
    eventId: z.uuid(),
    service: shortText(100),
    time: z.iso.datetime({ precision: 3 }),
    actor: eventFields.actor,
    orgId: eventFields.orgId,
    action: actionName,
    target: eventFields.target.unwrap().unwrap().nullable(),
    outcome: eventFields.outcome,
    ip: z.string().max(100).nullable(),
    userAgent: z.string().max(1_000).nullable(),
    requestId: z.string().max(200).nullable(),
    details: detailsSchema,
  })
  .refine(storable, storableMessage);
export type AuditEvent = z.infer<typeof auditEvent>;

/** The complete event for an input already validated by `auditEventInput`. */
export function completeEvent(
  input: z.output<typeof auditEventInput>,
  service: string,
  newId: () => string,
  now: () => Date = () => new Date(),
): AuditEvent {
  return {
    eventId: input.eventId ?? newId(),
    service,
    time: (input.time ? new Date(input.time) : now()).toISOString(),
    actor: input.actor,
    orgId: input.orgId,
    action: input.action,
    target: input.target ?? null,
    outcome: input.outcome,
    ip: input.ip ?? null,
    userAgent: input.userAgent ?? null,
    requestId: input.requestId ?? null,
    details: input.details ?? {},
  };
}
