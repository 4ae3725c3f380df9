import type { Database } from '@perplexica/db';
import { sql } from 'kysely';
import { jsonb } from '../db/jsonb.ts';
import type { ArtifactKind, ArtifactRow, ArtifactStatus, CreateDatabase } from '../db/schema.ts';
import { type ArtifactCursor, encodeCursor } from './cursor.ts';

type Db = Database<CreateDatabase>['db'];

export interface NewArtifact {
  id: string;
  userId: string;
  orgId: string | null;
  kind: ArtifactKind;
  status: ArtifactStatus;
  title: string;
  content: Record<string, unknown>;
  origin: Record<string, unknown>;
}

export async function insertArtifact(db: Db, artifact: NewArtifact): Promise<ArtifactRow> {
  return db
    .insertInto('artifacts')
    .values({
      id: artifact.id,
      user_id: artifact.userId,
      org_id: artifact.orgId,
      kind: artifact.kind,
      status: artifact.status,
      title: artifact.title,
      content: jsonb(artifact.content),
      origin: jsonb(artifact.origin),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The user's artifact, or undefined: another user's is exactly as missing as an unknown id. */
export function findOwnedArtifact(db: Db, userId: string, id: string): Promise<ArtifactRow | undefined> {
  return db
    .selectFrom('artifacts')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** For the image worker, which acts for whoever queued the job. */
export function findArtifact(db: Db, id: string): Promise<ArtifactRow | undefined> {
  return db.selectFrom('artifacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ArtifactPage {
  artifacts: ArtifactRow[];
  nextCursor: string | null;
}

/** One page of the user's artifacts, newest first, keyset-paged on (created_at, id). */
export async function listArtifacts(
  db: Db,
  userId: string,
  options: { limit: number; kind?: ArtifactKind | undefined; cursor?: ArtifactCursor | undefined },
): Promise<ArtifactPage> {
  let query = db
    .selectFrom('artifacts')
    .selectAll()
    .select(
      sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
    )
    .where('user_id', '=', userId);
  if (options.kind) query = query.where('kind', '=', options.kind);
  if (options.cursor) {
    const { createdAt, id } = options.cursor;
    query = query.where(
      sql<boolean>`(created_at, id) < (cast(${createdAt}::text as timestamptz), ${id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > options.limit && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null;
  return { artifacts: page.map(({ cursor_at: _, ...row }) => row), nextCursor };
}

/** Deletes the user's artifact; returns it (for its object), or undefined when it is not theirs. */
export function deleteOwnedArtifact(db: Db, userId: string, id: string): Promise<ArtifactRow | undefined> {
  return db
    .deleteFrom('artifacts')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** A pending image now stored; false when it was deleted (or settled) meanwhile. */
export async function markImageReady(
  db: Db,
  id: string,
  image: { objectKey: string; contentType: string; byteSize: number; content: Record<string, unknown> },
): Promise<boolean> {
  const updated = await db
    .updateTable('artifacts')
    .set({
      status: 'ready',
      object_key: image.objectKey,
      content_type: image.contentType,
      byte_size: image.byteSize,
      content: jsonb(image.content),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export async function markFailed(
  db: Db,
  id: string,
  error: { code: string; message: string },
): Promise<void> {
  await db
    .updateTable('artifacts')
    .set({ status: 'failed', error: jsonb(error), updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
