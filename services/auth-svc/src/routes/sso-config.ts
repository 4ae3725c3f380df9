import { currentUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { AuthContext, AuthEnv } from '../deps.ts';
import { orgManagedBy } from '../orgs.ts';
import type { OidcClients } from '../sso/oidc-client.ts';
import { deleteOrgSso, findOrgSso, orgSsoView, saveOrgSso } from '../sso/org-sso-config.ts';
import { ssoRedirectUri } from '../sso/sso-urls.ts';
import { findUserById } from '../users.ts';

const orgParams = z.object({ orgId: z.uuid() });

/** An OpenID issuer identifier: an http(s) URL without query or fragment (OIDC Discovery §2). */
const issuerUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, 'must be the provider issuer URL, like https://login.acme.com (no query or fragment)');

const ssoBody = z.object({
  issuer: issuerUrl,
  clientId: z.string().trim().min(1).max(255),
  /**
   * Omitted: keep the stored secret when the client id is unchanged. null: a public client
   * (PKCE only, no secret).
   */
  clientSecret: z.string().min(1).max(1024).nullable().optional(),
});

/** An org owner's OpenID provider for SSO: read (without the secret), set, remove. */
export function ssoConfigRoutes(ctx: AuthContext, clients: OidcClients): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const redirectUri = ssoRedirectUri(ctx.config);

  const managedOrg = async (c: Context<AuthEnv>, orgId: string) => {
    const user = await findUserById(ctx.db, currentUser(c).id);
    if (!user) throw new ApiError('invalid_token', 'The account behind this token no longer exists');
    return orgManagedBy(ctx.db, user, orgId);
  };

  app.get('/:orgId/sso', async (c) => {
    const { orgId } = pathParams(c, orgParams);
    await managedOrg(c, orgId);
    const row = await findOrgSso(ctx.db, orgId);
    if (!row) throw new ApiError('not_found', 'Single sign-on is not set up for this organization');
    return c.json(orgSsoView(row, redirectUri));
  });

  app.put('/:orgId/sso', async (c) => {
    const { orgId } = pathParams(c, orgParams);
    const body = await jsonBody(c, ssoBody);
    if (new URL(body.issuer).protocol === 'http:' && !ctx.config.SSO_ALLOW_INSECURE_ISSUERS) {
      const message = 'must use https (http is allowed only with SSO_ALLOW_INSECURE_ISSUERS)';
      throw new ApiError('validation_failed', `body.issuer: ${message}`, {
        details: [{ path: 'body.issuer', message, code: 'custom' }],
      });
    }
    await managedOrg(c, orgId);
    const current = await findOrgSso(ctx.db, orgId);
    const clientSecret =
      body.clientSecret !== undefined
        ? body.clientSecret
        : current?.client_id === body.clientId
          ? current.client_secret
          : null;
    // Discovery proves the issuer is a live OpenID provider before anyone is sent there; the
    // issuer is stored as the provider spells it, which is what its ID tokens carry.
    const config = await clients.configure({ issuer: body.issuer, clientId: body.clientId, clientSecret });
    const row = await saveOrgSso(ctx.db, orgId, {
      issuer: config.serverMetadata().issuer,
      clientId: body.clientId,
      clientSecret,
    });
    c.get('logger').info({ orgId, issuer: row.issuer }, 'org sso configured');
    // The issuer and client id, never the secret: whether it changed is all the log needs.
    audit(c, ctx, {
      actor: { id: currentUser(c).id, type: 'user' },
      orgId,
      action: current ? 'org.sso_update' : 'org.sso_enable',
      target: { type: 'org', id: orgId },
      outcome: 'success',
      details: {
        issuer: row.issuer,
        clientId: body.clientId,
        secretChanged: body.clientSecret !== undefined,
      },
    });
    return c.json(orgSsoView(row, redirectUri));
  });

  app.delete('/:orgId/sso', async (c) => {
    const { orgId } = pathParams(c, orgParams);
    await managedOrg(c, orgId);
    if (!(await deleteOrgSso(ctx.db, orgId)))
      throw new ApiError('not_found', 'Single sign-on is not set up for this organization');
    c.get('logger').info({ orgId }, 'org sso removed');
    audit(c, ctx, {
      actor: { id: currentUser(c).id, type: 'user' },
      orgId,
      action: 'org.sso_disable',
      target: { type: 'org', id: orgId },
      outcome: 'success',
    });
    return c.body(null, 204);
  });

  return app;
}
