import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { Hono } from 'hono';
import { auditCallerAction } from '../audit.ts';
import { connectorIdsOfSpace } from '../connectors/connector-repository.ts';
import type { ProjectsContext, ProjectsEnv } from '../deps.ts';
import { requireSpaceRole } from '../spaces/space-access.ts';
import {
  addMember,
  countMembers,
  createSpace,
  deleteSpace,
  findMember,
  listMembers,
  listSpacesFor,
  removeMember,
  setMemberRole,
  updateSpace,
} from '../spaces/space-repository.ts';
import { memberView, spaceView } from '../views.ts';
import { memberInput, memberPatch, memberPath, spaceInput, spacePatch, spacePath } from '../wire-schemas.ts';

const noOrganization = () =>
  new ApiError(
    'validation_failed',
    'body.visibility: only a space of an organization can be shared with it',
    {
      details: [
        {
          path: 'body.visibility',
          message: 'only a space of an organization can be shared with it; the owner belongs to none',
          code: 'custom',
        },
      ],
    },
  );

/** A patch of one list that contradicts the other list as stored. */
const pinnedAndBlocked = (domains: string[]) =>
  new ApiError('validation_failed', 'body: a domain cannot be both pinned and blocked', {
    details: [
      {
        path: 'body.blockedDomains',
        message: `pinned and blocked at once: ${domains.join(', ')}`,
        code: 'custom',
      },
    ],
  });

/**
 * Spaces and their members. A space the caller cannot see is 404 on every route (never told apart
 * from a missing one); a space they see but may not change is 403.
 */
export function spaceRoutes(ctx: ProjectsContext): Hono<ProjectsEnv> {
  const app = new Hono<ProjectsEnv>();

  app.post('/', async (c) => {
    const user = currentUser(c);
    const input = await jsonBody(c, spaceInput);
    if (input.visibility === 'org' && !user.orgId) throw noOrganization();
    const space = await createSpace(ctx.db, { id: user.id, orgId: user.orgId }, input);
    return c.json({ space: spaceView(space, 'owner') }, 201);
  });

  app.get('/', async (c) => {
    const user = currentUser(c);
    const spaces = await listSpacesFor(ctx.db, { id: user.id, orgId: user.orgId });
    return c.json({ spaces: spaces.map(({ space, role }) => spaceView(space, role)) });
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, spacePath);
    const { space, role } = await requireSpaceRole(ctx.db, id, currentUser(c), 'viewer');
    return c.json({ space: spaceView(space, role) });
  });

  app.patch('/:id', async (c) => {
    const { id } = pathParams(c, spacePath);
    const user = currentUser(c);
    const found = await requireSpaceRole(ctx.db, id, user, 'editor');
    const patch = await jsonBody(c, spacePatch);
    // Who sees the space is the owner's call; editors change what it says.
    if (patch.visibility !== undefined && found.role !== 'owner') {
      throw new ApiError('forbidden', 'Only the owner of this space may change who sees it');
    }
    if (patch.visibility === 'org' && !found.space.org_id) throw noOrganization();
    const pinned = patch.pinnedDomains ?? found.space.pinned_domains;
    const blocked = patch.blockedDomains ?? found.space.blocked_domains;
    const both = pinned.filter((site) => blocked.includes(site));
    if (both.length > 0) throw pinnedAndBlocked(both);
    const space = await updateSpace(ctx.db, id, patch);
    if (!space) throw notFound('Space');
    return c.json({ space: spaceView(space, found.role) });
  });

  app.delete('/:id', async (c) => {
    const { id } = pathParams(c, spacePath);
    await requireSpaceRole(ctx.db, id, currentUser(c), 'owner');
    const connectors = await connectorIdsOfSpace(ctx.db, id);
    for (const { id: connectorId } of connectors) await ctx.syncs.unschedule(connectorId);
    // Files first: if upload-svc cannot delete them now, the space stays and the owner can retry,
    // instead of files outliving their space.
    await ctx.upload.deleteSpaceFiles(id);
    await deleteSpace(ctx.db, id);
    auditCallerAction(c, ctx, { action: 'space.delete', target: { type: 'space', id } });
    return c.body(null, 204);
  });

  // ---- members ----

  app.get('/:id/members', async (c) => {
    const { id } = pathParams(c, spacePath);
    await requireSpaceRole(ctx.db, id, currentUser(c), 'viewer');
    return c.json({ members: (await listMembers(ctx.db, id)).map(memberView) });
  });

  app.post('/:id/members', async (c) => {
    const { id } = pathParams(c, spacePath);
    const user = currentUser(c);
    await requireSpaceRole(ctx.db, id, user, 'owner');
    const input = await jsonBody(c, memberInput);
    const account = await ctx.auth.findUserByEmail(input.email);
    if (!account) {
      throw new ApiError('validation_failed', 'body.email: no account with this email', {
        details: [{ path: 'body.email', message: 'No account with this email', code: 'unknown_account' }],
      });
    }
    if ((await countMembers(ctx.db, id)) >= ctx.config.MEMBERS_PER_SPACE) {
      throw new ApiError('conflict', `A space has at most ${ctx.config.MEMBERS_PER_SPACE} members`);
    }
    const member = await addMember(ctx.db, id, {
      userId: account.id,
      email: account.email,
      role: input.role,
    });
    if (!member) {
      throw new ApiError('conflict', 'This person is already a member; change their role with PATCH instead');
    }
    // `memberUserId`, not `userId`: for an API-key caller, details.userId is the key's owner.
    auditCallerAction(c, ctx, {
      action: 'space.member_add',
      target: { type: 'space', id },
      details: { memberUserId: member.user_id, role: member.role },
    });
    return c.json({ member: memberView(member) }, 201);
  });

  app.patch('/:id/members/:userId', async (c) => {
    const { id, userId } = pathParams(c, memberPath);
    const user = currentUser(c);
    await requireSpaceRole(ctx.db, id, user, 'owner');
    const { role } = await jsonBody(c, memberPatch);
    const target = await findMember(ctx.db, id, userId);
    if (!target) throw notFound('Member');
    if (target.role === 'owner') {
      throw new ApiError('bad_request', "The owner's role cannot change (ownership cannot be transferred)");
    }
    const member = await setMemberRole(ctx.db, id, userId, role);
    if (!member) throw notFound('Member');
    auditCallerAction(c, ctx, {
      action: 'space.member_role_change',
      target: { type: 'space', id },
      details: { memberUserId: userId, role: member.role, previousRole: target.role },
    });
    return c.json({ member: memberView(member) });
  });

  app.delete('/:id/members/:userId', async (c) => {
    const { id, userId } = pathParams(c, memberPath);
    const user = currentUser(c);
    // Anyone may leave; only the owner removes someone else.
    await requireSpaceRole(ctx.db, id, user, userId === user.id ? 'viewer' : 'owner');
    const target = await findMember(ctx.db, id, userId);
    if (!target) throw notFound('Member');
    if (target.role === 'owner') {
      throw new ApiError('bad_request', 'The owner cannot leave their space; delete the space instead');
    }
    await removeMember(ctx.db, id, userId);
    // Leaving a space is the same event as being removed; actor === member tells them apart.
    auditCallerAction(c, ctx, {
      action: 'space.member_remove',
      target: { type: 'space', id },
      details: { memberUserId: userId, role: target.role },
    });
    return c.body(null, 204);
  });

  return app;
}
