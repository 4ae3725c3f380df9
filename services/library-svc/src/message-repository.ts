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

const returnedColumns = messageColumns.map((column) => column.replace('messages.', '')).join(', ');

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
 * the thread active, in one statement: the thread's row is updated (or, when `input.thread` is
 * given and it does not exist yet, created) and the message written only if that row is the
 * caller's, so the ownership check and the write cannot be separated by a concurrent change.
 * A message id already used in another thread is refused, never moved, and then nothing changes.
 */
export async function saveMessage(
  db: Db,
  threadId: string,
  messageId: string,
  input: MessageInput,
): Promise<SaveMessageResult> {
  const notElsewhere = sql`not exists (select 1 from messages where id = ${messageId} and thread_id <> ${threadId})`;
  const thread = input.thread;
  const ownedThread = thread
    ? sql`insert into threads (id, user_id, org_id, title, space_id, mode, focus)
          select ${threadId}::uuid, ${input.userId}, ${thread.orgId ?? null}, ${thread.title},
                 ${thread.spaceId ?? null}, ${thread.mode}, ${thread.focus}
          where ${notElsewhere}
          on conflict (id) do update set updated_at = now() where threads.user_id = ${input.userId}
          returning id`
    : sql`update threads set updated_at = now()
          where id = ${threadId} and user_id = ${input.userId} and ${notElsewhere}
          returning id`;
  const { rows } = await sql<MessageRow & { inserted: boolean }>`
    with thread as (${ownedThread})
    insert into messages
      (id, thread_id, user_id, query, answer, sources, related, mode, focus, model, status, error, usage, timings)
    select ${messageId}::uuid, thread.id, ${input.userId}, ${input.query}, ${input.answer},
           ${jsonb(input.sources)}, ${jsonb(input.related)}, ${input.mode}, ${input.focus},
           ${input.model ?? null}, ${input.status}, ${nullableJsonb(input.error)},
           ${nullableJsonb(input.usage)}, ${nullableJsonb(input.timings)}
    from thread
    on conflict (id) do update set
      query = excluded.query, answer = excluded.answer, sources = excluded.sources,
      related = excluded.related, mode = excluded.mode, focus = excluded.focus,
      model = excluded.model, status = excluded.status, error = excluded.error,
      usage = excluded.usage, timings = excluded.timings, updated_at = now()
    where messages.thread_id = ${threadId}
    returning ${sql.raw(returnedColumns)}, (xmax = 0) as inserted`.execute(db);
  const saved = rows[0];
  if (saved) {
    const { inserted, ...message } = saved;
    return { outcome: 'saved', message, created: inserted };
  }
  // Nothing written: say why (the rare path, so a second query is fine).
  const clash = await db
    .selectFrom('messages')
    .select('id')
    .where('id', '=', messageId)
    .where('thread_id', '<>', threadId)
    .executeTakeFirst();
  return clash ? { outcome: 'message_in_other_thread' } : { outcome: 'thread_not_found' };
}
