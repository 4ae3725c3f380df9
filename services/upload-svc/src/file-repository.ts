import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { FileRow, FileStatus, UploadDatabase } from './db/schema.ts';

export type Db = Kysely<UploadDatabase>;
type Executor = Db | Transaction<UploadDatabase>;

/** Whose files a search or a list covers: one user's own, or one space's. */
export type FileScope = { kind: 'user'; id: string } | { kind: 'space'; id: string };

export const scopeKey = (scope: FileScope) => `${scope.kind}:${scope.id}`;

export interface NewFile {
  id: string;
  ownerId: string;
  orgId: string | null;
  spaceId: string | null;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  objectKey: string;
  source?: 'upload' | 'connector';
  sourceKey?: string | null;
  sourceUrl?: string | null;
}

export async function insertFile(db: Executor, file: NewFile): Promise<FileRow> {
  return db
    .insertInto('files')
    .values({
      id: file.id,
      owner_id: file.ownerId,
      org_id: file.orgId,
      space_id: file.spaceId,
      name: file.name,
      media_type: file.mediaType,
      size: file.size,
      sha256: file.sha256,
      object_key: file.objectKey,
      source: file.source ?? 'upload',
      source_key: file.sourceKey ?? null,
      source_url: file.sourceUrl ?? null,
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findFile(db: Executor, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The same bytes already uploaded by this user to the same place (and not failed). */
export async function findDuplicate(
  db: Db,
  ownerId: string,
  spaceId: string | null,
  sha256: string,
): Promise<FileRow | undefined> {
  let query = db
    .selectFrom('files')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('sha256', '=', sha256)
    .where('source', '=', 'upload')
    .where('status', '!=', 'failed');
  query = spaceId === null ? query.where('space_id', 'is', null) : query.where('space_id', '=', spaceId);
  return query.executeTakeFirst();
}

export async function listFiles(db: Db, scope: FileScope, status?: FileStatus): Promise<FileRow[]> {
  let query = db.selectFrom('files').selectAll();
  query =
    scope.kind === 'user'
      ? // A user's own files are their uploads (also into spaces); connector documents are the space's.
        query.where('owner_id', '=', scope.id).where('source', '=', 'upload')
      : query.where('space_id', '=', scope.id);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1_000).execute();
}

export async function findDocument(db: Db, spaceId: string, sourceKey: string): Promise<FileRow | undefined> {
  return db
    .selectFrom('files')
    .selectAll()
    .where('space_id', '=', spaceId)
    .where('source_key', '=', sourceKey)
    .executeTakeFirst();
}

/** A connector's changed document: new content, back to the queue. */
export async function replaceDocument(
  db: Db,
  id: string,
  changes: { name: string; size: number; sha256: string; sourceUrl: string; mediaType: string },
): Promise<FileRow> {
  return db
    .updateTable('files')
    .set({
      name: changes.name,
      size: changes.size,
      sha256: changes.sha256,
      source_url: changes.sourceUrl,
      media_type: changes.mediaType,
      status: 'queued',
      error: null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setStatus(
  db: Executor,
  id: string,
  status: FileStatus,
  error: string | null = null,
): Promise<FileRow | undefined> {
  return db
    .updateTable('files')
    .set({ status, error, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The searchable chunks of these scopes changed: cached vectors of them are stale. */
export async function bumpScopes(db: Executor, file: Pick<FileRow, 'owner_id' | 'space_id'>): Promise<void> {
  const scopes = [scopeKey({ kind: 'user', id: file.owner_id })];
  if (file.space_id) scopes.push(scopeKey({ kind: 'space', id: file.space_id }));
  await db
    .insertInto('scope_versions')
    .values(scopes.map((scope) => ({ scope, version: 1 })))
    .onConflict((oc) => oc.column('scope').doUpdateSet({ version: sql`scope_versions.version + 1` }))
    .execute();
}

/** Removes files (their chunks and vectors go with them); returns what was removed. */
export async function deleteFiles(db: Db, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('files').where('id', 'in', ids).returningAll().execute();
    for (const file of removed) await bumpScopes(trx, file);
    return removed;
  });
}

export async function filesOfSpace(db: Db, spaceId: string): Promise<FileRow[]> {
  return db.selectFrom('files').selectAll().where('space_id', '=', spaceId).execute();
}

/** Files that sat in the queue long enough that their job was probably lost (Redis flushed, crash). */
export async function staleQueuedFiles(db: Db, olderThanMs: number): Promise<string[]> {
  const rows = await db
    .selectFrom('files')
    .select('id')
    .where('status', '=', 'queued')
    .where('updated_at', '<', new Date(Date.now() - olderThanMs))
    .limit(500)
    .execute();
  return rows.map((row) => row.id);
}
