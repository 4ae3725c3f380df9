import { type Kysely, sql } from 'kysely';
import type { MemoryConfig } from './config.ts';
import type { MemoryDatabase } from './db/schema.ts';

type Db = Kysely<MemoryDatabase>;

/** Who decided: the user, their organization's default, or MEMORY_DEFAULT_ENABLED. */
export interface MemorySetting {
  enabled: boolean;
  source: 'user' | 'org' | 'default';
}

/**
 * Whether memory is on for a user: their own choice, else their org's default, else the
 * service default. One round trip, since recall asks it before every answer.
 */
export async function resolveSetting(
  db: Db,
  config: MemoryConfig,
  userId: string,
  orgId: string | null,
): Promise<MemorySetting> {
  const { rows } = await sql<{ user_enabled: boolean | null; org_enabled: boolean | null }>`
    select (select enabled from user_settings where user_id = ${userId}) as user_enabled,
           (select default_enabled from org_settings where org_id = ${orgId}) as org_enabled`.execute(db);
  const row = rows[0];
  if (row?.user_enabled != null) return { enabled: row.user_enabled, source: 'user' };
  if (orgId !== null && row?.org_enabled != null) return { enabled: row.org_enabled, source: 'org' };
  return { enabled: config.MEMORY_DEFAULT_ENABLED, source: 'default' };
}

/** The user's own choice; null forgets it, so the org's default applies again. */
export async function setUserSetting(db: Db, userId: string, enabled: boolean | null): Promise<void> {
  if (enabled === null) {
    await db.deleteFrom('user_settings').where('user_id', '=', userId).execute();
    return;
  }
  await db
    .insertInto('user_settings')
    .values({ user_id: userId, enabled })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ enabled, updated_at: sql`now()` }))
    .execute();
}

export interface OrgDefault {
  defaultEnabled: boolean;
  /** org: the organization chose; default: MEMORY_DEFAULT_ENABLED applies. */
  source: 'org' | 'default';
}

export async function orgDefault(db: Db, config: MemoryConfig, orgId: string): Promise<OrgDefault> {
  const row = await db
    .selectFrom('org_settings')
    .select('default_enabled')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row
    ? { defaultEnabled: row.default_enabled, source: 'org' }
    : { defaultEnabled: config.MEMORY_DEFAULT_ENABLED, source: 'default' };
}

/** The org's default for members who never chose; null goes back to MEMORY_DEFAULT_ENABLED. */
export async function setOrgDefault(
  db: Db,
  orgId: string,
  defaultEnabled: boolean | null,
  updatedBy: string,
): Promise<void> {
  if (defaultEnabled === null) {
    await db.deleteFrom('org_settings').where('org_id', '=', orgId).execute();
    return;
  }
  await db
    .insertInto('org_settings')
    .values({ org_id: orgId, default_enabled: defaultEnabled, updated_by: updatedBy })
    .onConflict((conflict) =>
      conflict
        .column('org_id')
        .doUpdateSet({ default_enabled: defaultEnabled, updated_by: updatedBy, updated_at: sql`now()` }),
    )
    .execute();
}
