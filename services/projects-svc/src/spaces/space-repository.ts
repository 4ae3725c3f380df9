import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { MemberRow, ProjectsDatabase, SpaceRole, SpaceRow } from '../db/schema.ts';
import type { SpaceInput, SpacePatch } from '../wire-schemas.ts';

export type Db = Kysely<ProjectsDatabase>;

/** Who is asking: the JWT's user and organization (or what chat-svc/upload-svc pass on). */
export interface Caller {
  id: string;
  orgId: string | null;
}

/** A space with the caller's role in it. */
export interface SpaceWithRole {
  space: SpaceRow;
  role: SpaceRole;
}

const spaceColumns = [
  'spaces.id',
  'spaces.owner_id',
  'spaces.org_id',
  'spaces.name',
  'spaces.description',
  'spaces.instructions',
  'spaces.default_mode',
  'spaces.default_focus',
  'spaces.visibility',
  'spaces.pinned_domains',
  'spaces.blocked_domains',
  'spaces.created_at',
  'spaces.updated_at',
] as const;

/**
 * The caller's role: their membership, else viewer when the space is shared with their
 * organization. Null means the space is not theirs to see (answered exactly like a missing one).
 */
export function roleOf(space: SpaceRow, memberRole: SpaceRole | null, caller: Caller): SpaceRole | null {
  if (memberRole) return memberRole;
  if (space.visibility === 'org' && space.org_id !== null && space.org_id === caller.orgId) return 'viewer';
  return null;
}

/** Creates the space with its owner as the first member, in one transaction. */
export async function createSpace(db: Db, owner: Caller, input: SpaceInput): Promise<SpaceRow> {
  return db.transaction().execute(async (trx) => {
    const space = await trx
      .insertInto('spaces')
      .values({
        id: randomUUID(),
        owner_id: owner.id,
        org_id: owner.orgId,
        name: input.name,
        description: input.description,
        instructions: input.instructions,
        default_mode: input.defaultMode,
        default_focus: input.defaultFocus,
        visibility: input.visibility,
        pinned_domains: input.pinnedDomains,
        blocked_domains: input.blockedDomains,
      })
      .returning(spaceColumns)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('space_members')
      .values({ space_id: space.id, user_id: owner.id, email: null, role: 'owner' })
      .execute();
    return space;
  });
}

/** The space and the caller's role in it, or undefined when the caller may not see it. */
export async function findSpaceFor(db: Db, id: string, caller: Caller): Promise<SpaceWithRole | undefined> {
  const row = await db
    .selectFrom('spaces')
    .leftJoin('space_members', (join) =>
      join.onRef('space_members.space_id', '=', 'spaces.id').on('space_members.user_id', '=', caller.id),
    )
    .select(spaceColumns)
    .select('space_members.role as member_role')
    .where('spaces.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { member_role, ...space } = row;
  const role = roleOf(space, member_role, caller);
  return role ? { space, role } : undefined;
}

/** Every space the caller owns, is a member of, or sees through their organization; newest first. */
export async function listSpacesFor(db: Db, caller: Caller): Promise<SpaceWithRole[]> {
  const rows = await db
    .selectFrom('spaces')
    .leftJoin('space_members', (join) =>
      join.onRef('space_members.space_id', '=', 'spaces.id').on('space_members.user_id', '=', caller.id),
    )
    .select(spaceColumns)
    .select('space_members.role as member_role')
    .where((eb) => {
      const member = eb('space_members.user_id', 'is not', null);
      if (!caller.orgId) return member;
      return eb.or([
        member,
        eb.and([eb('spaces.visibility', '=', 'org'), eb('spaces.org_id', '=', caller.orgId)]),
      ]);
    })
    .orderBy('spaces.updated_at', 'desc')
    .orderBy('spaces.id', 'desc')
    .execute();
  return rows.flatMap(({ member_role, ...space }) => {
    const role = roleOf(space, member_role, caller);
    return role ? [{ space, role }] : [];
  });
}

export function updateSpace(db: Db, id: string, patch: SpacePatch): Promise<SpaceRow | undefined> {
  return db
    .updateTable('spaces')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.instructions === undefined ? {} : { instructions: patch.instructions }),
      ...(patch.defaultMode === undefined ? {} : { default_mode: patch.defaultMode }),
      ...(patch.defaultFocus === undefined ? {} : { default_focus: patch.defaultFocus }),
      ...(patch.visibility === undefined ? {} : { visibility: patch.visibility }),
      ...(patch.pinnedDomains === undefined ? {} : { pinned_domains: patch.pinnedDomains }),
      ...(patch.blockedDomains === undefined ? {} : { blocked_domains: patch.blockedDomains }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(spaceColumns)
    .executeTakeFirst();
}

/** Deletes the space; its members, connectors and their records go with it (cascade). */
export async function deleteSpace(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('spaces').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// ---- members ----

const memberColumns = [
  'space_members.space_id',
  'space_members.user_id',
  'space_members.email',
  'space_members.role',
  'space_members.added_at',
] as const;

/** The owner first, then members in the order they were added. */
export function listMembers(db: Db, spaceId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('space_members')
    .select(memberColumns)
    .where('space_id', '=', spaceId)
    .orderBy(sql`role = 'owner'`, 'desc')
    .orderBy('added_at', 'asc')
    .orderBy('user_id', 'asc')
    .execute();
}

export async function countMembers(db: Db, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom('space_members')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('space_id', '=', spaceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Adds a member; undefined when the user is already one (nothing changes then). */
export function addMember(
  db: Db,
  spaceId: string,
  member: { userId: string; email: string; role: SpaceRole },
): Promise<MemberRow | undefined> {
  return db
    .insertInto('space_members')
    .values({ space_id: spaceId, user_id: member.userId, email: member.email, role: member.role })
    .onConflict((conflict) => conflict.columns(['space_id', 'user_id']).doNothing())
    .returning(memberColumns)
    .executeTakeFirst();
}

export function findMember(db: Db, spaceId: string, userId: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('space_members')
    .select(memberColumns)
    .where('space_id', '=', spaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Changes a member's role; the owner's row is never touched here. */
export function setMemberRole(
  db: Db,
  spaceId: string,
  userId: string,
  role: SpaceRole,
): Promise<MemberRow | undefined> {
  return db
    .updateTable('space_members')
    .set({ role })
    .where('space_id', '=', spaceId)
    .where('user_id', '=', userId)
    .where('role', '!=', 'owner')
    .returning(memberColumns)
    .executeTakeFirst();
}

export async function removeMember(db: Db, spaceId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('space_members')
    .where('space_id', '=', spaceId)
    .where('user_id', '=', userId)
    .where('role', '!=', 'owner')
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
