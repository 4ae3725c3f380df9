import type { Kysely, Selectable } from 'kysely';
import type { AuthDatabase, OrgSsoTable } from '../db/schema.ts';
import type { SsoProviderSettings } from './oidc-client.ts';

export type OrgSso = Selectable<OrgSsoTable>;

export function findOrgSso(db: Kysely<AuthDatabase>, orgId: string): Promise<OrgSso | undefined> {
  return db.selectFrom('org_sso').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export function providerSettings(row: OrgSso): SsoProviderSettings {
  return { issuer: row.issuer, clientId: row.client_id, clientSecret: row.client_secret };
}

/** Creates or replaces an org's provider settings. */
export function saveOrgSso(db: Kysely<AuthDatabase>, orgId: string, settings: SsoProviderSettings) {
  const values = {
    issuer: settings.issuer,
    client_id: settings.clientId,
    client_secret: settings.clientSecret,
    updated_at: new Date(),
  };
  return db
    .insertInto('org_sso')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteOrgSso(db: Kysely<AuthDatabase>, orgId: string): Promise<boolean> {
  const deleted = await db.deleteFrom('org_sso').where('org_id', '=', orgId).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/** What org owners see: never the client secret, only whether one is stored. */
export function orgSsoView(row: OrgSso, redirectUri: string) {
  return {
    orgId: row.org_id,
    issuer: row.issuer,
    clientId: row.client_id,
    hasClientSecret: row.client_secret !== null,
    /** Register this at the identity provider as the client's redirect URI. */
    redirectUri,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
