import { ApiError, notFound } from '@perplexica/errors';
import type { SpaceRole } from '../db/schema.ts';
import { type Caller, type Db, findSpaceFor, type SpaceWithRole } from './space-repository.ts';

const rank: Record<SpaceRole, number> = { viewer: 0, editor: 1, owner: 2 };

const forbidden: Record<Exclude<SpaceRole, 'viewer'>, string> = {
  editor: 'Only editors and the owner of this space may do this',
  owner: 'Only the owner of this space may do this',
};

/**
 * The space if the caller holds at least `needed` in it. A space the caller cannot see at all is
 * 404, exactly like a missing one; one they can see but not change is 403.
 */
export async function requireSpaceRole(
  db: Db,
  spaceId: string,
  caller: Caller,
  needed: SpaceRole,
): Promise<SpaceWithRole> {
  const found = await findSpaceFor(db, spaceId, caller);
  if (!found) throw notFound('Space');
  if (needed !== 'viewer' && rank[found.role] < rank[needed])
    throw new ApiError('forbidden', forbidden[needed]);
  return found;
}
