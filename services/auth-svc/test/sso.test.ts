import { randomUUID } from 'node:crypto';
import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { ConfigError, loadConfig } from '@perplexica/config';
import { createLogger } from '@perplexica/observability';
import { freePort, freshRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigSchema } from '../src/config.ts';
import { type AuthServiceUnderTest, call, signUp, startAuthService, uniqueEmail } from './harness.ts';
import { CookieJar, startOidcProvider, type TestOidcProvider } from './oidc-provider.ts';

const APP_URL = 'http://app.perplexica.test';
const ADMIN_EMAIL = 'chief@sso-admins.test';

let auth: AuthServiceUnderTest;
let idp: TestOidcProvider;
const auditPrefix = freshRedisPrefix('sso-audit');
let audit: AuditCapture;
const api = (path: string) => `${auth.url}/api/v1/auth${path}`;

beforeAll(async () => {
  audit = captureAuditEvents({
    url: auditPrefix.url,
    prefix: `${auditPrefix.prefix}bull`,
    service: 'auth-svc',
    logger: createLogger({ service: 'auth-svc', level: 'silent' }),
  });
  auth = await startAuthService(
    {
      SSO_ALLOW_INSECURE_ISSUERS: 'true',
      PUBLIC_APP_URL: APP_URL,
      ADMIN_EMAILS: ADMIN_EMAIL,
      // Every sign-in here is several unauthenticated requests from one IP.
      RATE_LIMITS: 'auth=2000/60s',
    },
    { audit: audit.emitter },
  );
  idp = await startOidcProvider({ redirectUri: `${auth.url}/api/v1/auth/sso/callback` });
});
afterAll(async () => {
  await idp?.close();
  await auth?.close();
  await audit?.close();
  await auditPrefix.clear();
});

let domains = 0;
/** An org whose owner has verified a domain and pointed SSO at a test provider. */
async function orgWithSso({
  domain = `sso-${++domains}-${Date.now().toString(36)}.test`,
  provider = idp,
}: {
  domain?: string;
  provider?: TestOidcProvider;
} = {}) {
  const owner = await signUp(auth.url, uniqueEmail('founders.test'));
  const org = await call(api('/orgs'), { token: owner.accessToken, body: { name: 'SSO Org' } });
  expect(org.status).toBe(201);
  const orgId = org.body.id as string;
  expect(
    (await call(api(`/orgs/${orgId}/domains`), { token: owner.accessToken, body: { domain } })).status,
  ).toBe(201);
  // DNS verification has its own tests (orgs.test.ts).
  await auth.database.db
    .updateTable('org_domains')
    .set({ verified_at: new Date() })
    .where('domain', '=', domain)
    .execute();
  const sso = await call(api(`/orgs/${orgId}/sso`), {
    method: 'PUT',
    token: owner.accessToken,
    body: { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret },
  });
  expect(sso.status).toBe(200);
  return { owner, orgId, domain };
}

let subjects = 0;
function providerAccount(email: string, emailVerified = true) {
  const sub = `subject-${++subjects}-${Date.now().toString(36)}`;
  idp.setAccount({ sub, email, email_verified: emailVerified });
  return sub;
}

/** GET /sso/start as a single-page app would (JSON answer), keeping the binding cookie. */
async function startSso(query: Record<string, string>, browser: CookieJar): Promise<URL> {
  const response = await fetch(`${api('/sso/start')}?${new URLSearchParams(query)}`, {
    headers: { accept: 'application/json' },
  });
  expect(response.status).toBe(200);
  browser.store(response.headers.getSetCookie());
  return new URL(((await response.json()) as { authorizationUrl: string }).authorizationUrl);
}

/** Delivers the provider's redirect to auth-svc; returns where auth-svc sends the browser next. */
async function deliverCallback(callbackUrl: URL, browser: CookieJar): Promise<URL> {
  const cookie = browser.headerFor(callbackUrl);
  const response = await fetch(callbackUrl, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  expect(response.status).toBe(302);
  browser.store(response.headers.getSetCookie());
  return new URL(response.headers.get('location') ?? '');
}

function exchange(code: string, browser: CookieJar) {
  const cookie = browser.headerFor(new URL(api('/sso/exchange')));
  return call(api('/sso/exchange'), { body: { code }, headers: cookie ? { cookie } : {} });
}

/** The whole round trip: start, sign in at the provider, callback. Returns the app landing URL. */
async function ssoRoundTrip(
  email: string,
  sub: string,
  browser = new CookieJar(),
  extra: Record<string, string> = {},
  provider = idp,
) {
  const authorizationUrl = await startSso({ email, ...extra }, browser);
  const callbackUrl = await provider.signIn(authorizationUrl.href, sub);
  const landing = await deliverCallback(callbackUrl, browser);
  return { authorizationUrl, callbackUrl, landing, browser };
}

const expectSsoError = (landing: URL, code: string) => {
  expect(`${landing.origin}${landing.pathname}`).toBe(`${APP_URL}/login`);
  expect(landing.searchParams.get('sso_error')).toBe(code);
};

describe('SSO sign-in', () => {
  it('signs a new user into the org through its OpenID provider, with a one-time exchange code', async () => {
    const { orgId, domain } = await orgWithSso();
    const email = uniqueEmail(domain);
    const sub = providerAccount(email);

    const { authorizationUrl, callbackUrl, landing, browser } = await ssoRoundTrip(email, sub, undefined, {
      returnTo: '/library?tab=recent',
    });
    expect(authorizationUrl.origin).toBe(idp.issuer);
    const params = authorizationUrl.searchParams;
    expect(params.get('client_id')).toBe(idp.clientId);
    expect(params.get('redirect_uri')).toBe(`${auth.url}/api/v1/auth/sso/callback`);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('scope')).toBe('openid email');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('login_hint')).toBe(email);
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();

    expect(`${landing.origin}${landing.pathname}`).toBe(`${APP_URL}/auth/sso`);
    expect([...landing.searchParams.keys()]).toEqual(['code']);
    const code = landing.searchParams.get('code') ?? '';

    const signedIn = await exchange(code, browser);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ email, orgId, orgRole: 'member', role: 'user' });
    expect(signedIn.body.returnTo).toBe('/library?tab=recent');
    expect(signedIn.headers.get('set-cookie')).toContain('perplexica_refresh=');
    const me = await call(api('/me'), { token: signedIn.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    expect(me.body.org.id).toBe(orgId);

    // The code works once.
    const again = await exchange(code, browser);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_token');

    const user = await auth.database.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    const identity = await auth.database.db
      .selectFrom('user_identities')
      .selectAll()
      .where('subject', '=', sub)
      .executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ issuer: idp.issuer, user_id: user.id });

    const logs = auth.logs.text();
    expect(logs).not.toContain(idp.clientSecret);
    expect(logs).not.toContain(code);
    expect(logs).not.toContain(signedIn.body.accessToken);
  });

  it('signs the same person in again as the same user, found by their provider identity', async () => {
    const { domain } = await orgWithSso();
    const email = uniqueEmail(domain);
    const sub = providerAccount(email);
    const first = await ssoRoundTrip(email, sub);
    const firstUser = (await exchange(first.landing.searchParams.get('code') ?? '', first.browser)).body.user;

    // The provider renamed the mailbox; the identity (issuer + subject) still says who it is.
    const renamed = uniqueEmail(domain);
    idp.setAccount({ sub, email: renamed, email_verified: true });
    const second = await ssoRoundTrip(email, sub);
    const secondSignIn = await exchange(second.landing.searchParams.get('code') ?? '', second.browser);
    expect(secondSignIn.status).toBe(200);
    expect(secondSignIn.body.user.id).toBe(firstUser.id);
    const users = await auth.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', renamed)
      .execute();
    expect(users).toEqual([]);
  });

  it('links an existing password account when the provider has verified its email', async () => {
    const { orgId, domain } = await orgWithSso();
    const existing = await signUp(auth.url, uniqueEmail(domain));
    expect(existing.user.orgId).toBe(orgId);
    const sub = providerAccount(existing.user.email);

    const { landing, browser } = await ssoRoundTrip(existing.user.email, sub);
    const signedIn = await exchange(landing.searchParams.get('code') ?? '', browser);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.id).toBe(existing.user.id);
    const link = await auth.database.db
      .selectFrom('user_identities')
      .select('user_id')
      .where('subject', '=', sub)
      .executeTakeFirst();
    expect(link?.user_id).toBe(existing.user.id);
  });

  it('makes ADMIN_EMAILS admins on their first SSO sign-in', async () => {
    await orgWithSso({ domain: 'sso-admins.test' });
    const sub = providerAccount(ADMIN_EMAIL);
    const { landing, browser } = await ssoRoundTrip(ADMIN_EMAIL, sub);
    const signedIn = await exchange(landing.searchParams.get('code') ?? '', browser);
    expect(signedIn.body.user).toMatchObject({ email: ADMIN_EMAIL, role: 'admin' });
  });

  it('reads the email from the ID token when the provider puts it there, as a public client', async () => {
    const publicIdp = await startOidcProvider({
      redirectUri: `${auth.url}/api/v1/auth/sso/callback`,
      emailInIdToken: true,
      publicClient: true,
    });
    try {
      const { orgId, domain } = await orgWithSso({ provider: publicIdp });
      const email = uniqueEmail(domain);
      publicIdp.setAccount({ sub: 'public-client-user', email, email_verified: true });
      const { landing, browser } = await ssoRoundTrip(email, 'public-client-user', undefined, {}, publicIdp);
      const signedIn = await exchange(landing.searchParams.get('code') ?? '', browser);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user).toMatchObject({ email, orgId });
      expect(publicIdp.requestedPaths).toContain('/token');
      expect(publicIdp.requestedPaths).not.toContain('/me');
    } finally {
      await publicIdp.close();
    }
  });

  it('refuses an email the provider has not verified, for a new account and for linking', async () => {
    const { domain } = await orgWithSso();
    const newcomer = uniqueEmail(domain);
    const refused = await ssoRoundTrip(newcomer, providerAccount(newcomer, false));
    expectSsoError(refused.landing, 'email_unverified');
    const created = await auth.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', newcomer)
      .execute();
    expect(created).toEqual([]);

    const existing = await signUp(auth.url, uniqueEmail(domain));
    const takeover = await ssoRoundTrip(existing.user.email, providerAccount(existing.user.email, false));
    expectSsoError(takeover.landing, 'email_unverified');
  });

  it('refuses a provider email at a domain the org has not verified', async () => {
    const { domain } = await orgWithSso();
    const sub = providerAccount(uniqueEmail('elsewhere.test'));
    // The user starts with an address at the org's domain; the provider vouches for another one.
    const { landing } = await ssoRoundTrip(uniqueEmail(domain), sub);
    expectSsoError(landing, 'domain_not_allowed');
    const linked = await auth.database.db
      .selectFrom('user_identities')
      .select('user_id')
      .where('subject', '=', sub)
      .execute();
    expect(linked).toEqual([]);
  });

  it('refuses an unknown state, a replayed callback and a callback in another browser', async () => {
    const unknown = await deliverCallback(
      new URL(api('/sso/callback?code=abc&state=not-a-state')),
      new CookieJar(),
    );
    expectSsoError(unknown, 'invalid_state');
    const missing = await deliverCallback(new URL(api('/sso/callback')), new CookieJar());
    expectSsoError(missing, 'invalid_state');

    const { domain } = await orgWithSso();
    const email = uniqueEmail(domain);
    const sub = providerAccount(email);
    const completed = await ssoRoundTrip(email, sub);
    expect(completed.landing.searchParams.get('code')).toBeTruthy();
    const replay = await deliverCallback(completed.callbackUrl, completed.browser);
    expectSsoError(replay, 'invalid_state');

    // A callback link forwarded to someone else's browser does not sign that browser in...
    const starter = new CookieJar();
    const authorizationUrl = await startSso({ email }, starter);
    const callbackUrl = await idp.signIn(authorizationUrl.href, sub);
    expectSsoError(await deliverCallback(callbackUrl, new CookieJar()), 'invalid_state');
    // ...and the state is spent, so it does not work afterwards in the right one either.
    expectSsoError(await deliverCallback(callbackUrl, starter), 'invalid_state');

    // Nor does an exchange code redeemed without the browser that earned it.
    const stolen = await ssoRoundTrip(email, sub);
    const elsewhere = await exchange(stolen.landing.searchParams.get('code') ?? '', new CookieJar());
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.error.code).toBe('invalid_token');
  });

  it('sends the user back with access_denied when they cancel at the provider', async () => {
    const { domain } = await orgWithSso();
    const email = uniqueEmail(domain);
    const browser = new CookieJar();
    const authorizationUrl = await startSso({ email }, browser);
    const callbackUrl = await idp.signIn(authorizationUrl.href, providerAccount(email), { cancel: true });
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    expectSsoError(await deliverCallback(callbackUrl, browser), 'access_denied');
  });

  it('answers an unknown or unused exchange code with invalid_token and a bad body with 400', async () => {
    const unknown = await exchange('never-issued', new CookieJar());
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_token');
    const empty = await call(api('/sso/exchange'), { body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
  });
});

describe('SSO start', () => {
  it('redirects the browser to the provider and sets a browser-binding cookie', async () => {
    const { orgId, domain } = await orgWithSso();
    const response = await fetch(`${api('/sso/start')}?email=${encodeURIComponent(uniqueEmail(domain))}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('perplexica_sso=');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toContain('Path=/api/v1/auth/sso');

    const byOrg = await startSso({ orgId }, new CookieJar());
    expect(byOrg.origin).toBe(idp.issuer);
    expect(byOrg.searchParams.get('login_hint')).toBeNull();
  });

  it('answers 404 when the email domain or the org has no SSO', async () => {
    const noOrg = await call(`${api('/sso/start')}?email=${encodeURIComponent(uniqueEmail('no-sso.test'))}`);
    expect(noOrg.status).toBe(404);
    expect(noOrg.body.error.code).toBe('not_found');
    const unknownOrg = await call(`${api('/sso/start')}?orgId=${randomUUID()}`);
    expect(unknownOrg.status).toBe(404);
  });

  it.each([
    ['nothing', ''],
    ['a bad email', 'email=not-an-email'],
    ['a bad org id', 'orgId=42'],
    ['both email and org id', `email=a%40b.test&orgId=${randomUUID()}`],
    ['a returnTo on another origin', 'email=a%40b.test&returnTo=%2F%2Fevil.test%2F'],
    ['an absolute returnTo', 'email=a%40b.test&returnTo=https%3A%2F%2Fevil.test%2F'],
  ])('refuses %s with validation_failed', async (_label, query) => {
    const response = await call(`${api('/sso/start')}?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });
});

describe('org SSO configuration', () => {
  it('lets the owner read it (never the secret), replace it and remove it', async () => {
    const { owner, orgId, domain } = await orgWithSso();
    const path = api(`/orgs/${orgId}/sso`);
    const read = await call(path, { token: owner.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      orgId,
      issuer: idp.issuer,
      clientId: idp.clientId,
      hasClientSecret: true,
      redirectUri: `${auth.url}/api/v1/auth/sso/callback`,
    });
    expect(JSON.stringify(read.body)).not.toContain(idp.clientSecret);
    expect(read.body.clientSecret).toBeUndefined();

    // Leaving the secret out keeps it; null makes a public client.
    const kept = await call(path, {
      method: 'PUT',
      token: owner.accessToken,
      body: { issuer: idp.issuer, clientId: idp.clientId },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.hasClientSecret).toBe(true);
    expect(JSON.stringify(kept.body)).not.toContain(idp.clientSecret);
    const cleared = await call(path, {
      method: 'PUT',
      token: owner.accessToken,
      body: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: null },
    });
    expect(cleared.body.hasClientSecret).toBe(false);

    expect((await call(path, { method: 'DELETE', token: owner.accessToken })).status).toBe(204);
    expect((await call(path, { token: owner.accessToken })).status).toBe(404);
    expect((await call(path, { method: 'DELETE', token: owner.accessToken })).status).toBe(404);
    // The org's audit log tells who created it, claimed its domain and set, changed and removed
    // its single sign-on, never with the client secret.
    const ofOrg = (action: string) =>
      audit.waitFor((event) => event.orgId === orgId && event.action === action);
    const created = await ofOrg('org.create');
    expect(created).toMatchObject({ actor: { id: owner.user.id }, target: { type: 'org', id: orgId } });
    expect((await ofOrg('org.domain_add')).details).toEqual({ domain });
    expect((await ofOrg('org.sso_enable')).details).toMatchObject({
      issuer: idp.issuer,
      clientId: idp.clientId,
    });
    const updated = await ofOrg('org.sso_update');
    expect(updated.details).toMatchObject({ secretChanged: false });
    await ofOrg('org.sso_disable');
    expect(JSON.stringify(await audit.events())).not.toContain(idp.clientSecret);
    const start = await call(`${api('/sso/start')}?email=${encodeURIComponent(uniqueEmail(domain))}`);
    expect(start.status).toBe(404);
    expect(auth.logs.text()).not.toContain(idp.clientSecret);
  });

  it('hides the setup from outsiders with 404 and refuses members who are not owners with 403', async () => {
    const { orgId, domain } = await orgWithSso();
    const path = api(`/orgs/${orgId}/sso`);
    const body = { issuer: idp.issuer, clientId: 'stolen' };
    const outsider = await signUp(auth.url);
    const member = await signUp(auth.url, uniqueEmail(domain));
    expect(member.user.orgId).toBe(orgId);
    for (const [caller, status] of [
      [outsider, 404],
      [member, 403],
    ] as const) {
      expect((await call(path, { token: caller.accessToken })).status).toBe(status);
      expect((await call(path, { method: 'PUT', token: caller.accessToken, body })).status).toBe(status);
      expect((await call(path, { method: 'DELETE', token: caller.accessToken })).status).toBe(status);
    }
    expect((await call(path)).status).toBe(401);
    const unchanged = await auth.database.db
      .selectFrom('org_sso')
      .select('client_id')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(unchanged.client_id).toBe(idp.clientId);
  });

  it.each([
    ['an issuer that is not a URL', { issuer: 'login.acme', clientId: 'x' }],
    ['an issuer with another scheme', { issuer: 'ftp://login.acme.test', clientId: 'x' }],
    ['an issuer with a query', { issuer: 'https://login.acme.test/?tenant=1', clientId: 'x' }],
    ['a missing client id', { issuer: 'https://login.acme.test' }],
    ['an empty client secret', { issuer: 'https://login.acme.test', clientId: 'x', clientSecret: '' }],
  ])('refuses %s with validation_failed', async (_label, body) => {
    const { owner, orgId } = await orgWithSso();
    const response = await call(api(`/orgs/${orgId}/sso`), { method: 'PUT', token: owner.accessToken, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('answers 502 bad_gateway when the issuer cannot be discovered, and keeps the old setup', async () => {
    const { owner, orgId } = await orgWithSso();
    const path = api(`/orgs/${orgId}/sso`);
    const unreachable = await call(path, {
      method: 'PUT',
      token: owner.accessToken,
      body: { issuer: `http://127.0.0.1:${await freePort()}`, clientId: 'x', clientSecret: 'never-stored' },
    });
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.error.code).toBe('bad_gateway');
    // Something answers there, but it is not an OpenID provider.
    const notOidc = await call(path, {
      method: 'PUT',
      token: owner.accessToken,
      body: { issuer: auth.url, clientId: 'x' },
    });
    expect(notOidc.status).toBe(502);
    expect((await call(path, { token: owner.accessToken })).body.issuer).toBe(idp.issuer);
    expect(auth.logs.text()).not.toContain('never-stored');
  });

  it('refuses http issuers unless SSO_ALLOW_INSECURE_ISSUERS is on, and that flag in production', async () => {
    const strict = await startAuthService();
    try {
      const owner = await signUp(strict.url, uniqueEmail('founders.test'));
      const org = await call(`${strict.url}/api/v1/auth/orgs`, {
        token: owner.accessToken,
        body: { name: 'Strict' },
      });
      const response = await call(`${strict.url}/api/v1/auth/orgs/${org.body.id}/sso`, {
        method: 'PUT',
        token: owner.accessToken,
        body: { issuer: idp.issuer, clientId: idp.clientId },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details[0].path).toBe('body.issuer');
    } finally {
      await strict.close();
    }

    const production = {
      NODE_ENV: 'production',
      POSTGRES_URL: 'postgres://x@db/perplexica',
      REDIS_URL: 'redis://redis:6379',
      SERVICE_TOKEN: 'a-long-enough-service-token-value',
      JWT_PRIVATE_KEY: auth.privateKeyPem,
      SSO_ALLOW_INSECURE_ISSUERS: 'true',
    };
    expect(() => loadConfig(authConfigSchema, production)).toThrow(ConfigError);
    expect(() => loadConfig(authConfigSchema, production)).toThrow(/SSO_ALLOW_INSECURE_ISSUERS/);
  });
});
