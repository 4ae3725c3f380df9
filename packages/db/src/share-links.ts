import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/** 128 random bits: a link nobody can guess or enumerate. */
export const newShareId = () => randomBytes(16).toString('base64url');

/** What newShareId produces (22 base64url characters); anything else cannot be a link of ours. */
export const isShareIdShape = (value: string) => /^[A-Za-z0-9_-]{22}$/.test(value);

/** A table whose rows belong to a user and may carry a share link. */
export interface ShareableTable {
  /** e.g. "threads"; the table has `id`, `user_id` and a unique nullable `share_id`. */
  table: string;
  id: string;
  userId: string;
}

/**
 * Gives the user's row a share link, or returns the one it has. One statement, so two concurrent
 * requests agree on a single link. Undefined when the user has no such row.
 */
export async function shareOwnedRow(
  // biome-ignore lint/suspicious/noExplicitAny: works on any service's table with the three columns above
  db: Kysely<any>,
  row: ShareableTable,
): Promise<{ shareId: string; created: boolean } | undefined> {
  const candidate = newShareId();
  const updated = await db
    .updateTable(row.table)
    .set({ share_id: sql<string>`coalesce(share_id, ${candidate})` })
    .where('id', '=', row.id)
    .where('user_id', '=', row.userId)
    .returning('share_id')
    .executeTakeFirst();
  const shareId = updated?.share_id as string | null | undefined;
  if (!shareId) return undefined;
  return { shareId, created: shareId === candidate };
}

/** Revokes the link (the old one answers 404 from now on); false when the user has no such row. */
export async function unshareOwnedRow(
  // biome-ignore lint/suspicious/noExplicitAny: see shareOwnedRow
  db: Kysely<any>,
  row: ShareableTable,
): Promise<boolean> {
  const result = await db
    .updateTable(row.table)
    .set({ share_id: null })
    .where('id', '=', row.id)
    .where('user_id', '=', row.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
