import type { Kysely } from 'kysely';
import type { DiscoverDatabase } from './db/schema.ts';

type Db = Kysely<DiscoverDatabase>;

/** The topic ids a user follows, oldest follow first. */
export async function followedTopicIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('followed_topics')
    .select('topic_id')
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('topic_id')
    .execute();
  return rows.map((row) => row.topic_id);
}

/** Follows a topic; true when it was not followed before (idempotent). */
export async function followTopic(db: Db, userId: string, topicId: string): Promise<boolean> {
  const inserted = await db
    .insertInto('followed_topics')
    .values({ user_id: userId, topic_id: topicId })
    .onConflict((conflict) => conflict.columns(['user_id', 'topic_id']).doNothing())
    .returning('topic_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Stops following a topic (idempotent). */
export async function unfollowTopic(db: Db, userId: string, topicId: string): Promise<void> {
  await db
    .deleteFrom('followed_topics')
    .where('user_id', '=', userId)
    .where('topic_id', '=', topicId)
    .execute();
}
