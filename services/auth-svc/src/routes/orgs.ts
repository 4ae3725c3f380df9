import { currentUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';
import { claimDomain, createOrg, listDomains, orgManagedBy, removeDomain, verifyDomain } from '../orgs.ts';
import { findUserById } from '../users.ts';

const orgBody = z.object({ name: z.string().trim().min(2).max(100) });
const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a domain name like acme.com',
  );
const orgParams = z.object({ orgId: z.uuid() });
const domainParams = z.object({ orgId: z.uuid(), domain: domainName });

/** Organizations and the email domains they claim (verified over DNS) for domain sign-up. */
export function orgRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  const caller = async (id: string) => {
    const user = await findUserById(ctx.db, id);
    if (!user) throw new ApiError('invalid_token', 'The account behind this token no longer exists');
    return user;
  };

  // What an org's admins read in its audit log: who changed the org, its domains and its SSO.
  const orgChanged = (c: Context<AuthEnv>, orgId: string, action: string, details: Record<string, unknown>) =>
    audit(c, ctx, {
      actor: { id: currentUser(c).id, type: 'user' },
      orgId,
      action,
      target: { type: 'org', id: orgId },
      outcome: 'success',
      details,
    });

  app.post('/', async (c) => {
    const { name } = await jsonBody(c, orgBody);
    const org = await createOrg(ctx.db, await caller(currentUser(c).id), name);
    orgChanged(c, org.id, 'org.create', { name: org.name });
    return c.json({ id: org.id, name: org.name, createdAt: org.created_at.toISOString() }, 201);
  });

  app.get('/:orgId', async (c) => {
    const { orgId } = pathParams(c, orgParams);
    const user = await caller(currentUser(c).id);
    const org = await ctx.db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
    if (!org || (user.org_id !== org.id && user.role !== 'admin'))
      throw new ApiError('not_found', 'Organization not found');
    const members = await ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    return c.json({
      id: org.id,
      name: org.name,
      createdAt: org.created_at.toISOString(),
      memberCount: Number(members.count),
      domains: await listDomains(ctx.db, org.id),
    });
  });

  app.post('/:orgId/domains', async (c) => {
    const { orgId } = pathParams(c, orgParams);
    const { domain } = await jsonBody(c, z.object({ domain: domainName }));
    await orgManagedBy(ctx.db, await caller(currentUser(c).id), orgId);
    const claimed = await claimDomain(ctx.db, orgId, domain);
    orgChanged(c, orgId, 'org.domain_add', { domain });
    return c.json(claimed, 201);
  });

  app.post('/:orgId/domains/:domain/verify', async (c) => {
    const { orgId, domain } = pathParams(c, domainParams);
    await orgManagedBy(ctx.db, await caller(currentUser(c).id), orgId);
    const verified = await verifyDomain(ctx.db, ctx.lookupTxt, orgId, domain);
    orgChanged(c, orgId, 'org.domain_verify', { domain });
    return c.json(verified);
  });

  app.delete('/:orgId/domains/:domain', async (c) => {
    const { orgId, domain } = pathParams(c, domainParams);
    await orgManagedBy(ctx.db, await caller(currentUser(c).id), orgId);
    await removeDomain(ctx.db, orgId, domain);
    orgChanged(c, orgId, 'org.domain_remove', { domain });
    return c.body(null, 204);
  });

  return app;
}
