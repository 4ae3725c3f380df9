import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditDatabase } from './db/schema.ts';

export const orgSettingsBody = z.strictObject({ recordQuestionText: z.boolean() });
export type OrgSettings = z.infer<typeof orgSettingsBody>;

/** Until an admin says otherwise, questions stay private: their events say how, not what. */
export const DEFAULT_ORG_SETTINGS: OrgSettings = { recordQuestionText: false };

export async function readOrgSettings(db: Kysely<AuditDatabase>, orgId: string): Promise<OrgSettings> {
  const row = await db.selectFrom('org_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return row ? { recordQuestionText: row.record_question_text } : DEFAULT_ORG_SETTINGS;
}

/** Saves the org's settings and says what they were before (for the audit event of the change). */
export async function saveOrgSettings(
  db: Kysely<AuditDatabase>,
  orgId: string,
  settings: OrgSettings,
  userId: string,
): Promise<{ before: OrgSettings; after: OrgSettings }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('org_settings')
      .selectAll()
      .where('org_id', '=', orgId)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('org_settings')
      .values({ org_id: orgId, record_question_text: settings.recordQuestionText, updated_by: userId })
      .onConflict((conflict) =>
        conflict.column('org_id').doUpdateSet({
          record_question_text: settings.recordQuestionText,
          updated_by: userId,
          updated_at: new Date(),
        }),
      )
      .execute();
    return {
      before: row ? { recordQuestionText: row.record_question_text } : DEFAULT_ORG_SETTINGS,
      after: settings,
    };
  });
}
