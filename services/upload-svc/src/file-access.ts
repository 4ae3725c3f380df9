import type { AuthUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import type { SpaceAccessClient, SpaceRole } from '@perplexica/service-clients';
import type { FileRow } from './db/schema.ts';
import { type Db, findFile } from './file-repository.ts';

const roleIn = async (
  spaces: SpaceAccessClient,
  spaceId: string,
  user: AuthUser,
): Promise<SpaceRole | null> => (await spaces.access(spaceId, user))?.role ?? null;

/** Reading needs any role in the file's space; deleting or retrying needs editor or owner. */
export type FileNeed = 'read' | 'write';

/**
 * The file if the user may do what they ask: their own upload always; a space's file by the
 * space's role. Anything else is 404, exactly like a file that does not exist.
 */
export async function accessibleFile(
  db: Db,
  spaces: SpaceAccessClient,
  fileId: string,
  user: AuthUser,
  need: FileNeed,
): Promise<FileRow> {
  const file = await findFile(db, fileId);
  if (!file) throw notFound('File');
  if (file.owner_id === user.id && file.source === 'upload') return file;
  if (!file.space_id) throw notFound('File');
  const role = await roleIn(spaces, file.space_id, user);
  if (!role) throw notFound('File');
  if (need === 'write' && role === 'viewer') {
    throw new ApiError(
      'forbidden',
      'Viewers of a space cannot change its files; ask its owner for the editor role',
    );
  }
  return file;
}

/** Uploading into a space needs editor or owner; a space the user cannot see is 404. */
export async function requireSpaceRole(
  spaces: SpaceAccessClient,
  spaceId: string,
  user: AuthUser,
  need: FileNeed,
): Promise<void> {
  const role = await roleIn(spaces, spaceId, user);
  if (!role) throw notFound('Space');
  if (need === 'write' && role === 'viewer') {
    throw new ApiError(
      'forbidden',
      'Viewers of a space cannot add files to it; ask its owner for the editor role',
    );
  }
}
