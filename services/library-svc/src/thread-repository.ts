import { shareOwnedRow, unshareOwnedRow } from '@perplexica/db';
import { type Kysely, sql } from 'kysely';
import { encodeCursor, type PageCursor } from './cursor.ts';
import type { LibraryDatabase, ThreadRow } from './db/schema.ts';
import type { ThreadInput } from './wire-schemas.ts';

type Db = Kysely<LibraryDatabase>;

const threadColumns = [
  'threads.id',
  'threads.user_id',
  'threads.org_id',
  'threads.title',
  'threads.space_id',
  'threads.mode',
  'threads.focus',
  'threads.saved',
  'threads.share_id',
  'threads.created_at',
  'threads.updated_at',
] as const;

/**
 * Creates the thread, or leaves an existing one of the same user untouched (chat-svc may retry).
 * Undefined when the id belongs to someone else.
 */
export async function createThreadIfAbsent(
  db: Db,
  id: string,
  input: ThreadInput,
): Promise<{ thread: ThreadRow; created: boolean } | undefined> {
  const inserted = await db
    .insertInto('threads')
    .values({
      id,
      user_id: input.userId,
      org_id: input.orgId ?? null,
      title: input.title,
      space_id: input.spaceId ?? null,
      mode: input.mode,
      focus: input.focus,
      share_id: null,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning(threadColumns)
    .executeTakeFirst();
  if (inserted) return { thread: inserted, created: true };
  const existing = await findOwnedThread(db, id, input.userId);
  return existing ? { thread: existing, created: false } : undefined;
}

export function findOwnedThread(db: Db, id: string, userId: string): Promise<ThreadRow | undefined> {
  return db
    .selectFrom('threads')
    .select(threadColumns)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function findSharedThread(db: Db, shareId: string): Promise<ThreadRow | undefined> {
  return db.selectFrom('threads').select(threadColumns).where('share_id', '=', shareId).executeTakeFirst();
}

export interface ListOptions {
  limit: number;
  cursor?: PageCursor;
  /** Full-text query over titles, questions and answers (websearch syntax: "quotes", -not, or). */
  q?: string;
  saved?: boolean;
  spaceId?: string;
}

/**
 * One page of a user's library, newest activity first, keyset-paged on (updated_at, id) so pages
 * never skip or repeat a thread while new ones arrive. Search keeps the same order.
 */
export async function listThreads(
  db: Db,
  userId: string,
  options: ListOptions,
): Promise<{ threads: ThreadRow[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('threads')
    .select(threadColumns)
    .select(
      sql<string>`to_char(threads.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'cursor_at',
      ),
    )
    .where('threads.user_id', '=', userId);
  if (options.saved !== undefined) query = query.where('threads.saved', '=', options.saved);
  if (options.spaceId !== undefined) query = query.where('threads.space_id', '=', options.spaceId);
  if (options.cursor) {
    const { updatedAt, id } = options.cursor;
    // Sent as text and cast by Postgres: postgres.js would turn a timestamptz parameter into a JS
    // Date first, dropping the microseconds the cursor exists to keep.
    query = query.where(
      sql<boolean>`(threads.updated_at, threads.id) < (cast(${updatedAt}::text as timestamptz), ${id}::uuid)`,
    );
  }
  if (options.q) {
    const tsquery = sql`websearch_to_tsquery('simple', ${options.q})`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`threads.search @@ ${tsquery}`,
        eb.exists(
          eb
            .selectFrom('messages')
            .select(sql`1`.as('one'))
            .whereRef('messages.thread_id', '=', 'threads.id')
            .where(sql<boolean>`messages.search @@ ${tsquery}`),
        ),
      ]),
    );
  }
  const rows = await query
    .orderBy('threads.updated_at', 'desc')
    .orderBy('threads.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > options.limit && last ? encodeCursor({ updatedAt: last.cursor_at, id: last.id }) : null;
  return { threads: page.map(({ cursor_at: _, ...thread }) => thread), nextCursor };
}

/** Rename and/or bookmark. Does not move the thread in the list: that order is question activity. */
export function updateThread(
  db: Db,
  id: string,
  userId: string,
  patch: { title?: string; saved?: boolean },
): Promise<ThreadRow | undefined> {
  return db
    .updateTable('threads')
    .set({
      ...(patch.title === undefined ? {} : { title: patch.title }),
      ...(patch.saved === undefined ? {} : { saved: patch.saved }),
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(threadColumns)
    .executeTakeFirst();
}

/** Deletes the thread and (by cascade) its messages; false when the user has no such thread. */
export async function deleteThread(db: Db, id: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('threads')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Gives the thread a share link, or returns the one it has (concurrent requests agree on one). */
export const shareThread = (db: Db, id: string, userId: string) =>
  shareOwnedRow(db, { table: 'threads', id, userId });

/** Revokes the link (the old one answers 404 from now on); false when the user has no such thread. */
export const unshareThread = (db: Db, id: string, userId: string) =>
  unshareOwnedRow(db, { table: 'threads', id, userId });

/** The user's threads among `ids` (others' and unknown ones are simply absent). */
export async function findOwnedThreads(db: Db, userId: string, ids: string[]): Promise<ThreadRow[]> {
  return db
    .selectFrom('threads')
    .select(threadColumns)
    .where('threads.user_id', '=', userId)
    .where('threads.id', 'in', ids)
    .execute();
}
