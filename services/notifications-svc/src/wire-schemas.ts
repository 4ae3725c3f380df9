import { ECDH } from 'node:crypto';
import { z } from 'zod';
import { channels, notificationKinds } from './kinds.ts';
import { endpointProblem } from './push/endpoint-guard.ts';

/**
 * The request shapes of every route. Postgres refuses NUL characters in text, so free text drops
 * them on the way in; identifiers with control characters are refused instead.
 */
export const limits = {
  eventIdChars: 200,
  titleChars: 200,
  bodyChars: 4000,
  urlChars: 2048,
  endpointChars: 2048,
  pageMax: 100,
  pageDefault: 30,
} as const;

const withoutNul = (value: string) => value.replaceAll('\u0000', '');
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const controlCharacters = /[\u0000-\u001f\u007f]/;

/** A path of the web app ("/thread/…", not "//host") or an https URL: where a click leads. */
const notificationUrl = z
  .string()
  .max(limits.urlChars)
  .refine((value) => {
    if (controlCharacters.test(value) || /\s|\\/.test(value)) return false;
    if (value.startsWith('/')) return !value.startsWith('//');
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be a path like /thread/… or an https URL');

/** POST /internal/v1/notifications: the contract with chat-svc (Tasks) and other services. */
export const notifyInput = z.object({
  eventId: z
    .string()
    .min(1)
    .max(limits.eventIdChars)
    .refine((value) => !controlCharacters.test(value), 'must not contain control characters'),
  userId: z.uuid(),
  orgId: z
    .string()
    .max(200)
    .nullish()
    .transform((value) => value || null),
  kind: z.enum(notificationKinds),
  title: z
    .string()
    .max(limits.titleChars)
    .transform((value) => withoutNul(value).trim())
    .pipe(z.string().min(1, 'must not be empty')),
  body: z.string().max(limits.bodyChars).transform(withoutNul),
  url: notificationUrl.nullish().transform((value) => value ?? null),
});
export type NotifyInput = z.infer<typeof notifyInput>;

export const idPath = z.object({ id: z.uuid() });

export const inboxQuery = z.object({
  unread: z
    .enum(['true', 'false'], { error: 'must be "true" or "false"' })
    .optional()
    .transform((value) => value === 'true'),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageMax).default(limits.pageDefault),
});

const switches = z.strictObject(
  Object.fromEntries(channels.map((channel) => [channel, z.boolean().optional()])),
);

/** PUT /preferences: the switches to change; whatever is left out keeps its value. */
export const preferencesInput = z.strictObject({
  preferences: z.strictObject(
    Object.fromEntries(notificationKinds.map((kind) => [kind, switches.optional()])),
  ),
});
export type PreferencesInput = {
  preferences: Partial<
    Record<(typeof notificationKinds)[number], Partial<Record<(typeof channels)[number], boolean>>>
  >;
};

/** The browser's P-256 public key: 65 bytes, uncompressed, on the curve. */
const p256dhKey = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url')
  .refine((value) => {
    const key = Buffer.from(value, 'base64url');
    if (key.length !== 65 || key[0] !== 4) return false;
    try {
      // Throws for bytes that are not a point on the curve.
      ECDH.convertKey(key, 'prime256v1', undefined, undefined, 'uncompressed');
      return true;
    } catch {
      return false;
    }
  }, 'must be an uncompressed P-256 public key (65 bytes)');

const authSecret = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url')
  .refine((value) => Buffer.from(value, 'base64url').length === 16, 'must be 16 bytes');

const endpoint = (allowInsecure: boolean) =>
  z
    .string()
    .max(limits.endpointChars)
    .superRefine((value, ctx) => {
      const problem = endpointProblem(value, allowInsecure);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** What `PushSubscription.toJSON()` gives the page; other fields a browser adds are ignored. */
export const subscriptionInput = (allowInsecure: boolean) =>
  z.object({
    endpoint: endpoint(allowInsecure),
    expirationTime: z.number().nullish(),
    keys: z.object({ p256dh: p256dhKey, auth: authSecret }),
  });
export type SubscriptionInput = z.infer<ReturnType<typeof subscriptionInput>>;

export const unsubscribeInput = z.object({ endpoint: z.string().min(1).max(limits.endpointChars) });
