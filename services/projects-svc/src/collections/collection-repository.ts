import { randomUUID } from 'node:crypto';
import { shareOwnedRow, unshareOwnedRow } from '@perplexica/db';
import { sql } from 'kysely';
import type { CollectionRow } from '../db/schema.ts';
import type { Db } from '../spaces/space-repository.ts';

const collectionColumns = [
  'collections.id',
  'collections.user_id',
  'collections.name',
  'collections.description',
  'collections.share_id',
  'collections.created_at',
  'collections.updated_at',
] as const;

export interface CollectionWithThreads {
  collection: CollectionRow;
  threadIds: string[];
}

async function threadIdsOf(db: Db, collectionIds: string[]): Promise<Map<string, string[]>> {
  const byCollection = new Map<string, string[]>(collectionIds.map((id) => [id, []]));
  if (collectionIds.length === 0) return byCollection;
  const rows = await db
    .selectFrom('collection_threads')
    .select(['collection_id', 'thread_id'])
    .where('collection_id', 'in', collectionIds)
    .orderBy('collection_id')
    .orderBy('position')
    .execute();
  for (const row of rows) byCollection.get(row.collection_id)?.push(row.thread_id);
  return byCollection;
}

export async function createCollection(
  db: Db,
  userId: string,
  input: { name: string; description: string },
): Promise<CollectionRow> {
  return db
    .insertInto('collections')
    .values({
      id: randomUUID(),
      user_id: userId,
      name: input.name,
      description: input.description,
      share_id: null,
    })
    .returning(collectionColumns)
    .executeTakeFirstOrThrow();
}

export function findOwnedCollection(db: Db, id: string, userId: string): Promise<CollectionRow | undefined> {
  return db
    .selectFrom('collections')
    .select(collectionColumns)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function withThreads(db: Db, collection: CollectionRow): Promise<CollectionWithThreads> {
  const ids = await threadIdsOf(db, [collection.id]);
  return { collection, threadIds: ids.get(collection.id) ?? [] };
}

/** The user's collections, most recently changed first. */
export async function listCollections(db: Db, userId: string): Promise<CollectionWithThreads[]> {
  const collections = await db
    .selectFrom('collections')
    .select(collectionColumns)
    .where('user_id', '=', userId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const ids = await threadIdsOf(
    db,
    collections.map((collection) => collection.id),
  );
  return collections.map((collection) => ({ collection, threadIds: ids.get(collection.id) ?? [] }));
}

export function updateCollection(
  db: Db,
  id: string,
  userId: string,
  patch: { name?: string; description?: string },
): Promise<CollectionRow | undefined> {
  return db
    .updateTable('collections')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(collectionColumns)
    .executeTakeFirst();
}

export async function deleteCollection(db: Db, id: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('collections')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

const touch = (db: Db, id: string) =>
  db.updateTable('collections').set({ updated_at: sql<Date>`now()` }).where('id', '=', id).execute();

export type AddOutcome = 'added' | 'present' | 'full';

/**
 * Appends the thread at the end; a thread already in the collection stays where it is. The
 * collection row is locked for the count and the position, so two concurrent adds cannot both take
 * the last place or the same position.
 */
export async function addThread(
  db: Db,
  collectionId: string,
  threadId: string,
  max: number,
): Promise<AddOutcome> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('collections').select('id').where('id', '=', collectionId).forUpdate().execute();
    const stats = await trx
      .selectFrom('collection_threads')
      .select((eb) => [
        eb.fn.countAll<string>().as('count'),
        eb.fn.max('position').as('last'),
        eb.fn.countAll<string>().filterWhere('thread_id', '=', threadId).as('present'),
      ])
      .where('collection_id', '=', collectionId)
      .executeTakeFirstOrThrow();
    if (Number(stats.present) > 0) return 'present';
    if (Number(stats.count) >= max) return 'full';
    await trx
      .insertInto('collection_threads')
      .values({ collection_id: collectionId, thread_id: threadId, position: (stats.last ?? -1) + 1 })
      .execute();
    await touch(trx, collectionId);
    return 'added';
  });
}

export async function removeThread(db: Db, collectionId: string, threadId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('collection_threads')
    .where('collection_id', '=', collectionId)
    .where('thread_id', '=', threadId)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) return false;
  await touch(db, collectionId);
  return true;
}

/**
 * Puts the threads in the given order. False (nothing changed) unless `threadIds` is exactly the
 * collection's threads, each once: a reorder never adds or drops a thread.
 */
export async function reorderThreads(db: Db, collectionId: string, threadIds: string[]): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('collections').select('id').where('id', '=', collectionId).forUpdate().execute();
    const current = await trx
      .selectFrom('collection_threads')
      .select('thread_id')
      .where('collection_id', '=', collectionId)
      .execute();
    const have = new Set(current.map((row) => row.thread_id));
    const given = new Set(threadIds);
    const permutation =
      given.size === threadIds.length && given.size === have.size && threadIds.every((id) => have.has(id));
    if (!permutation) return false;
    if (threadIds.length > 0) {
      const positions = threadIds.map((id, position) => sql`(${id}::uuid, ${position}::integer)`);
      await sql`
        update collection_threads set position = ordered.position
        from (values ${sql.join(positions)}) as ordered(thread_id, position)
        where collection_threads.collection_id = ${collectionId}
          and collection_threads.thread_id = ordered.thread_id`.execute(trx);
    }
    await touch(trx, collectionId);
    return true;
  });
}

/** Gives the collection a share link, or returns the one it has (concurrent calls agree on one). */
export const shareCollection = (db: Db, id: string, userId: string) =>
  shareOwnedRow(db, { table: 'collections', id, userId });

export const unshareCollection = (db: Db, id: string, userId: string) =>
  unshareOwnedRow(db, { table: 'collections', id, userId });

export async function findSharedCollection(
  db: Db,
  shareId: string,
): Promise<CollectionWithThreads | undefined> {
  const collection = await db
    .selectFrom('collections')
    .select(collectionColumns)
    .where('share_id', '=', shareId)
    .executeTakeFirst();
  return collection ? withThreads(db, collection) : undefined;
}
