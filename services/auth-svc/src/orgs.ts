import { ApiError } from '@perplexica/errors';
import type { Kysely } from 'kysely';
import type { AuthDatabase, User } from './db/schema.ts';
import type { TxtLookup } from './dns-txt.ts';
import { randomSecret } from './tokens/secrets.ts';

/** Domains anyone can get an address at; claiming one would pull strangers into an org. */
const publicMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'yandex.ru',
  'mail.ru',
  'example.com',
]);

export const VERIFICATION_RECORD_PREFIX = '_perplexica-verification';

export function verificationRecordName(domain: string): string {
  return `${VERIFICATION_RECORD_PREFIX}.${domain}`;
}

export function verificationRecordValue(token: string): string {
  return `perplexica-verification=${token}`;
}

export async function verifiedOrgForEmail(db: Kysely<AuthDatabase>, email: string) {
  const domain = email.split('@').pop() ?? '';
  return db
    .selectFrom('org_domains')
    .innerJoin('orgs', 'orgs.id', 'org_domains.org_id')
    .select(['orgs.id', 'orgs.name'])
    .where('org_domains.domain', '=', domain)
    .where('org_domains.verified_at', 'is not', null)
    .executeTakeFirst();
}

/** Creates an org owned by the caller, who must not already belong to one. */
export async function createOrg(db: Kysely<AuthDatabase>, owner: User, name: string) {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('users')
      .select('org_id')
      .where('id', '=', owner.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.org_id) throw new ApiError('conflict', 'You already belong to an organization');
    const org = await trx.insertInto('orgs').values({ name }).returningAll().executeTakeFirstOrThrow();
    await trx
      .updateTable('users')
      .set({ org_id: org.id, org_role: 'owner' })
      .where('id', '=', owner.id)
      .execute();
    return org;
  });
}

/**
 * The org the caller may manage. Anyone outside it gets 404 (not 403), so org ids cannot be
 * probed; members who are not owners get 403, since they can already see the org exists.
 */
export async function orgManagedBy(db: Kysely<AuthDatabase>, user: User, orgId: string) {
  const org = await db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
  const isMember = org && user.org_id === org.id;
  if (!org || (!isMember && user.role !== 'admin')) throw new ApiError('not_found', 'Organization not found');
  if (isMember && user.org_role !== 'owner' && user.role !== 'admin') {
    throw new ApiError('forbidden', 'Only the organization owner can change it');
  }
  return org;
}

export async function listDomains(db: Kysely<AuthDatabase>, orgId: string) {
  const rows = await db
    .selectFrom('org_domains')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('domain')
    .execute();
  return rows.map(domainView);
}

export function domainView(row: { domain: string; verification_token: string; verified_at: Date | null }) {
  return {
    domain: row.domain,
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    dnsRecord: {
      type: 'TXT',
      name: verificationRecordName(row.domain),
      value: verificationRecordValue(row.verification_token),
    },
  };
}

/** Starts a claim: the org proves control by publishing a TXT record with the returned value. */
export async function claimDomain(db: Kysely<AuthDatabase>, orgId: string, domain: string) {
  if (publicMailDomains.has(domain)) {
    throw new ApiError('validation_failed', `${domain} is a public email provider and cannot be claimed`);
  }
  const existing = await db
    .selectFrom('org_domains')
    .selectAll()
    .where('domain', '=', domain)
    .executeTakeFirst();
  if (existing) {
    if (existing.org_id === orgId) return domainView(existing);
    throw new ApiError('conflict', `${domain} is already claimed by another organization`);
  }
  const row = await db
    .insertInto('org_domains')
    .values({ domain, org_id: orgId, verification_token: randomSecret(18), verified_at: null })
    .onConflict((oc) => oc.column('domain').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new ApiError('conflict', `${domain} is already claimed by another organization`);
  return domainView(row);
}

/** Looks the TXT record up now; marks the domain verified when it holds the expected value. */
export async function verifyDomain(
  db: Kysely<AuthDatabase>,
  lookupTxt: TxtLookup,
  orgId: string,
  domain: string,
) {
  const row = await db
    .selectFrom('org_domains')
    .selectAll()
    .where('domain', '=', domain)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', `${domain} is not claimed by this organization`);
  if (row.verified_at) return domainView(row);
  let records: string[];
  try {
    records = await lookupTxt(verificationRecordName(domain));
  } catch (error) {
    throw new ApiError('bad_gateway', 'DNS lookup failed; try again shortly', { cause: error });
  }
  const expected = verificationRecordValue(row.verification_token);
  if (!records.includes(expected)) {
    throw new ApiError(
      'conflict',
      `TXT record ${verificationRecordName(domain)} does not hold the expected value yet`,
      {
        details: { expected, found: records },
      },
    );
  }
  const verified = await db
    .updateTable('org_domains')
    .set({ verified_at: new Date() })
    .where('domain', '=', domain)
    .returningAll()
    .executeTakeFirstOrThrow();
  return domainView(verified);
}

export async function removeDomain(db: Kysely<AuthDatabase>, orgId: string, domain: string): Promise<void> {
  const deleted = await db
    .deleteFrom('org_domains')
    .where('domain', '=', domain)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (deleted.numDeletedRows === 0n)
    throw new ApiError('not_found', `${domain} is not claimed by this organization`);
}
