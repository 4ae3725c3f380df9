import { z } from 'zod';
import { spaceRoles, visibilities } from './db/schema.ts';

/**
 * The request shapes of every route, with their limits. Postgres refuses NUL characters in text,
 * so every string drops them on the way in.
 */
export const limits = {
  nameChars: 100,
  descriptionChars: 2_000,
  instructionsChars: 8_000,
  threadsPerCollection: 200,
  urlChars: 2_048,
  minIntervalMinutes: 15,
  maxIntervalMinutes: 10_080,
  defaultIntervalMinutes: 1_440,
  domainsPerList: 50,
} as const;

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

const withoutNul = (value: string) => value.replaceAll('\u0000', '');
const text = (max: number) => z.string().transform(withoutNul).pipe(z.string().max(max));
const name = z
  .string()
  .transform((value) => withoutNul(value).trim())
  .pipe(z.string().min(1, 'must not be empty').max(limits.nameChars));

export const uuid = z.uuid();
const userId = z.string().min(1).max(200);

const atLeastOne = (value: object) => Object.values(value).some((field) => field !== undefined);

/** A DNS hostname of two labels or more (punycode for non-ASCII names). */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
/** "WWW.Example.org." and "example.org" are one site to chat-svc, so they are stored alike. */
const domain = z
  .string()
  .transform((value) =>
    value
      .trim()
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^www\./, ''),
  )
  .pipe(z.string().regex(HOSTNAME, 'must be a domain name such as "example.org" (no scheme or path)'));
const domainList = z
  .array(domain)
  .max(limits.domainsPerList)
  .transform((domains) => [...new Set(domains)]);

/** A site cannot be both preferred and refused. */
const noDomainInBoth = (value: {
  pinnedDomains?: string[] | undefined;
  blockedDomains?: string[] | undefined;
}) => !(value.pinnedDomains ?? []).some((site) => (value.blockedDomains ?? []).includes(site));
const inBoth = { message: 'a domain cannot be both pinned and blocked', path: ['blockedDomains'] };

// ---- spaces ----

const spaceFields = {
  name,
  description: text(limits.descriptionChars),
  instructions: text(limits.instructionsChars),
  defaultMode: z.enum(modes).nullable(),
  defaultFocus: z.enum(focuses).nullable(),
  visibility: z.enum(visibilities),
  pinnedDomains: domainList,
  blockedDomains: domainList,
};

export const spaceInput = z
  .strictObject({
    name: spaceFields.name,
    description: spaceFields.description.default(''),
    instructions: spaceFields.instructions.default(''),
    defaultMode: spaceFields.defaultMode.default(null),
    defaultFocus: spaceFields.defaultFocus.default(null),
    visibility: spaceFields.visibility.default('private'),
    pinnedDomains: spaceFields.pinnedDomains.default([]),
    blockedDomains: spaceFields.blockedDomains.default([]),
  })
  .refine(noDomainInBoth, inBoth);
export type SpaceInput = z.infer<typeof spaceInput>;

export const spacePatch = z
  .strictObject({
    name: spaceFields.name.optional(),
    description: spaceFields.description.optional(),
    instructions: spaceFields.instructions.optional(),
    defaultMode: spaceFields.defaultMode.optional(),
    defaultFocus: spaceFields.defaultFocus.optional(),
    visibility: spaceFields.visibility.optional(),
    pinnedDomains: spaceFields.pinnedDomains.optional(),
    blockedDomains: spaceFields.blockedDomains.optional(),
  })
  .refine(atLeastOne, { message: 'give at least one field to change' })
  .refine(noDomainInBoth, inBoth);
export type SpacePatch = z.infer<typeof spacePatch>;

export const spacePath = z.object({ id: uuid });
export const memberPath = z.object({ id: uuid, userId });

/** The owner is the one who created the space; members are added as editors or viewers. */
const memberRole = z.enum(spaceRoles.filter((role) => role !== 'owner') as ['editor', 'viewer']);
export const memberInput = z.strictObject({
  email: z.string().trim().pipe(z.email().max(254)),
  role: memberRole,
});
export const memberPatch = z.strictObject({ role: memberRole });

export const accessQuery = z.object({
  userId,
  orgId: z.string().max(200).optional(),
});

// ---- collections ----

export const collectionInput = z.strictObject({
  name,
  description: text(limits.descriptionChars).default(''),
});
export const collectionPatch = z
  .strictObject({
    name: name.optional(),
    description: text(limits.descriptionChars).optional(),
  })
  .refine(atLeastOne, { message: 'give a name, a description, or both' });
export const collectionPath = z.object({ id: uuid });
export const collectionThreadPath = z.object({ id: uuid, threadId: uuid });
export const addThreadInput = z.strictObject({ threadId: uuid });
export const orderInput = z.strictObject({
  threadIds: z.array(uuid).max(limits.threadsPerCollection),
});

// ---- connectors ----

/** An http(s) URL without credentials (they would be kept in plain text and shown to members). */
export const sourceUrl = z
  .string()
  .trim()
  .max(limits.urlChars)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
    }
  });

const schedule = z.strictObject({
  intervalMinutes: z.number().int().min(limits.minIntervalMinutes).max(limits.maxIntervalMinutes),
});

export const connectorInput = (types: readonly [string, ...string[]]) =>
  z.strictObject({
    spaceId: uuid,
    type: z.enum(types),
    url: sourceUrl,
    name: name.optional(),
    schedule: schedule.default({ intervalMinutes: limits.defaultIntervalMinutes }),
    enabled: z.boolean().default(true),
  });
export type ConnectorInput = z.infer<ReturnType<typeof connectorInput>>;

export const connectorPatch = z
  .strictObject({
    url: sourceUrl.optional(),
    name: name.optional(),
    schedule: schedule.optional(),
    enabled: z.boolean().optional(),
  })
  .refine(atLeastOne, { message: 'give at least one field to change' });
export type ConnectorPatch = z.infer<typeof connectorPatch>;

export const connectorPath = z.object({ id: uuid });
export const connectorListQuery = z.object({ spaceId: uuid });
