import { type Kysely, sql } from 'kysely';
import type { NotificationsDatabase } from '../db/schema.ts';
import {
  type ChannelSwitches,
  defaultPreferences,
  type NotificationKind,
  notificationKinds,
} from '../kinds.ts';
import type { PreferencesInput } from '../wire-schemas.ts';

type Db = Kysely<NotificationsDatabase>;

export type Preferences = Record<NotificationKind, ChannelSwitches>;

/** Every kind's switches for a user: what they chose, else the defaults. */
export async function preferencesOf(db: Db, userId: string): Promise<Preferences> {
  const rows = await db
    .selectFrom('preferences')
    .select(['kind', 'in_app', 'push', 'email'])
    .where('user_id', '=', userId)
    .execute();
  const chosen = new Map(rows.map((row) => [row.kind, row]));
  return Object.fromEntries(
    notificationKinds.map((kind) => {
      const row = chosen.get(kind);
      const switches = row
        ? { in_app: row.in_app, push: row.push, email: row.email }
        : defaultPreferences[kind];
      return [kind, { ...switches }];
    }),
  ) as Preferences;
}

/** One kind's switches, as ingestion needs them (one indexed read). */
export async function switchesFor(db: Db, userId: string, kind: NotificationKind): Promise<ChannelSwitches> {
  const row = await db
    .selectFrom('preferences')
    .select(['in_app', 'push', 'email'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row ?? { ...defaultPreferences[kind] };
}

/**
 * Changes the given switches; the others keep what the user had (or the defaults). Each kind is
 * one upsert that sets only the switches given, so two changes at once never undo each other.
 */
export async function updatePreferences(
  db: Db,
  userId: string,
  input: PreferencesInput,
): Promise<Preferences> {
  return db.transaction().execute(async (trx) => {
    for (const [kind, changes] of Object.entries(input.preferences) as Array<
      [NotificationKind, Partial<ChannelSwitches> | undefined]
    >) {
      if (!changes || Object.keys(changes).length === 0) continue;
      await trx
        .insertInto('preferences')
        .values({ user_id: userId, kind, ...defaultPreferences[kind], ...changes })
        .onConflict((conflict) =>
          conflict.columns(['user_id', 'kind']).doUpdateSet({ ...changes, updated_at: sql`now()` }),
        )
        .execute();
    }
    return preferencesOf(trx, userId);
  });
}
