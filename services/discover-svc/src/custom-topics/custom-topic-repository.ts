import { ApiError } from '@perplexica/errors';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { CustomTopicsTable, DiscoverDatabase } from '../db/schema.ts';
import { CUSTOM_TOPIC_LIMITS, type CustomTopicChanges, type CustomTopicInput } from './custom-topic-input.ts';

type Db = Kysely<DiscoverDatabase>;
export type CustomTopicRow = Selectable<CustomTopicsTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Anything that is not a UUID names no topic: answered as not found, never sent to Postgres. */
export const isCustomTopicId = (id: string) => UUID.test(id);

/** A user's custom topics, oldest first (the order the tabs were added). */
export async function listCustomTopics(db: Db, userId: string): Promise<CustomTopicRow[]> {
  return db
    .selectFrom('custom_topics')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One of the user's custom topics, or undefined (also for another user's: they never see it). */
export async function findCustomTopic(
  db: Db,
  userId: string,
  id: string,
): Promise<CustomTopicRow | undefined> {
  if (!isCustomTopicId(id)) return undefined;
  return db
    .selectFrom('custom_topics')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Creates a custom topic; 409 when the user has CUSTOM_TOPIC_LIMITS.topicsPerUser already. The
 * count and the insert run under a per-user advisory lock, so two requests at once cannot both
 * take the last place.
 */
export async function createCustomTopic(
  db: Db,
  userId: string,
  input: CustomTopicInput,
): Promise<CustomTopicRow> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`discover:custom-topics:${userId}`}))`.execute(trx);
    const { count } = await trx
      .selectFrom('custom_topics')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= CUSTOM_TOPIC_LIMITS.topicsPerUser) {
      throw new ApiError('conflict', `At most ${CUSTOM_TOPIC_LIMITS.topicsPerUser} custom topics per user`, {
        details: { limit: CUSTOM_TOPIC_LIMITS.topicsPerUser },
      });
    }
    return trx
      .insertInto('custom_topics')
      .values({ user_id: userId, ...input })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Applies the changes to the user's topic; undefined when it is not theirs (or does not exist). */
export async function updateCustomTopic(
  db: Db,
  userId: string,
  id: string,
  changes: CustomTopicChanges,
): Promise<CustomTopicRow | undefined> {
  if (!isCustomTopicId(id)) return undefined;
  return db
    .updateTable('custom_topics')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes the user's topic; false when it was not theirs (or did not exist). */
export async function deleteCustomTopic(db: Db, userId: string, id: string): Promise<boolean> {
  if (!isCustomTopicId(id)) return false;
  const deleted = await db
    .deleteFrom('custom_topics')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
