import { type Kysely, sql } from 'kysely';
import type { LibraryDatabase, MessageRow } from './db/schema.ts';
import type { MessageInput } from './wire-schemas.ts';

type Db = Kysely<LibraryDatabase>;

const messageColumns = [
  'messages.id',
  'messages.thread_id',
  'messages.user_id',
  'messages.query',
  'messages.answer',
  'messages.sources',
  'messages.related',
  'messages.mode',
  'messages.focus',
  'messages.model',
  'messages.status',
  'messages.error',
  'messages.usage',
  'messages.timings',
  'messages.created_at',
  'messages.updated_at',
] as const;

/** A thread's messages oldest first: the history a follow-up question is asked against. */
export function listMessages(db: Db, threadId: string): Promise<MessageRow[]> {
  return db
    .selectFrom('messages')
    .select(messageColumns)
    .where('thread_id', '=', threadId)
    .orderBy('position', 'asc')
    .execute();
}

export type SaveMessageResult =
  | { outcome: 'saved'; message: MessageRow; created: boolean }
  | { outcome: 'thread_not_found' }
  | { outcome: 'message_in_other_thread' };

/**
 * A jsonb value from JSON text. The explicit ::text makes Postgres ask for text, so postgres.js
 * sends the string as is (for a jsonb parameter it would JSON-encode the string a second time).
 */
const jsonb = (value: unknown) => sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;
const nullableJsonb = (value: unknown) => (value === undefined || value === null ? null : jsonb(value));

/**
 * Saves a message, or replaces it (chat-svc saves partial answers, then the final one), and marks
 * the thread active. The thread's row is locked first, so the ownership check holds until commit
 * and a concurrent delete cannot leave an orphan. A message id already used in another thread is
 * refused, never moved.
 */
export async function saveMessage(
  db: Db,
  threadId: string,
  messageId: string,
  input: MessageInput,
): Promise<SaveMessageResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<SaveMessageResult> => {
      const thread = await trx
        .updateTable('threads')
        .set({ updated_at: sql`now()` })
        .where('id', '=', threadId)
        .where('user_id', '=', input.userId)
        .returning('id')
        .executeTakeFirst();
      if (!thread) return { outcome: 'thread_not_found' };

      const fields = {
        query: input.query,
        answer: input.answer,
        sources: jsonb(input.sources),
        related: jsonb(input.related),
        mode: input.mode,
        focus: input.focus,
        model: input.model ?? null,
        status: input.status,
        error: nullableJsonb(input.error),
        usage: nullableJsonb(input.usage),
        timings: nullableJsonb(input.timings),
      };
      const saved = await trx
        .insertInto('messages')
        .values({ id: messageId, thread_id: threadId, user_id: input.userId, ...fields })
        .onConflict((conflict) =>
          conflict
            .column('id')
            .doUpdateSet({ ...fields, updated_at: sql`now()` })
            .where('messages.thread_id', '=', threadId),
        )
        .returning(messageColumns)
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .executeTakeFirst();
      if (!saved) {
        // Roll back the activity bump: nothing was saved.
        throw new MessageInOtherThread();
      }
      const { inserted, ...message } = saved;
      return { outcome: 'saved', message, created: inserted };
    });
  } catch (error) {
    if (error instanceof MessageInOtherThread) return { outcome: 'message_in_other_thread' };
    throw error;
  }
}

class MessageInOtherThread extends Error {}
