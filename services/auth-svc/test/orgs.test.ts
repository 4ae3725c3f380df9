import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from './dns-server.ts';
import { type AuthServiceUnderTest, call, signUp, startAuthService, uniqueEmail } from './harness.ts';

let dns: TestDnsServer;
let auth: AuthServiceUnderTest;
const api = (path: string) => `${auth.url}/api/v1/auth${path}`;

beforeAll(async () => {
  dns = await startDnsServer();
  auth = await startAuthService({ DNS_SERVERS: dns.address });
});
afterAll(async () => {
  await auth.close();
  await dns.close();
});

async function orgWithOwner(name = 'Acme Research') {
  const owner = await signUp(auth.url, uniqueEmail('founders.test'));
  const created = await call(api('/orgs'), { token: owner.accessToken, body: { name } });
  expect(created.status).toBe(201);
  // The org id reaches the token on the next sign-in or refresh.
  const refreshed = await call(api('/refresh'), { body: { refreshToken: owner.refreshToken } });
  return {
    owner: { ...owner, accessToken: refreshed.body.accessToken as string },
    orgId: created.body.id as string,
  };
}

describe('organization role in the access token', () => {
  it('says the creator owns the org, and a domain member is a member', async () => {
    const { owner } = await orgWithOwner('Token Claims Inc');
    expect(decodeJwt(owner.accessToken)).toMatchObject({ orole: 'owner' });
    const alone = await signUp(auth.url, uniqueEmail('solo.test'));
    expect(decodeJwt(alone.accessToken).orole).toBeUndefined();
  });
});

describe('domain sign-up', () => {
  it('joins users to the org once its domain is verified over DNS', async () => {
    const { owner, orgId } = await orgWithOwner();
    const domain = `acme-${Date.now().toString(36)}.test`;

    const claim = await call(api(`/orgs/${orgId}/domains`), {
      token: owner.accessToken,
      body: { domain: domain.toUpperCase() },
    });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({
      domain,
      verified: false,
      dnsRecord: { type: 'TXT', name: `_perplexica-verification.${domain}` },
    });

    // Before verification, a sign-up at the domain stays outside the org.
    const early = await signUp(auth.url, uniqueEmail(domain));
    expect(early.user.orgId).toBeNull();

    const tooSoon = await call(api(`/orgs/${orgId}/domains/${domain}/verify`), {
      token: owner.accessToken,
      method: 'POST',
    });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.error.details.expected).toBe(claim.body.dnsRecord.value);

    dns.setTxt(claim.body.dnsRecord.name, ['v=spf1 -all', claim.body.dnsRecord.value]);
    const verified = await call(api(`/orgs/${orgId}/domains/${domain}/verify`), {
      token: owner.accessToken,
      method: 'POST',
    });
    expect(verified.status).toBe(200);
    expect(verified.body.verified).toBe(true);

    const member = await signUp(auth.url, uniqueEmail(domain));
    expect(member.user.orgId).toBe(orgId);
    expect(decodeJwt(member.accessToken).org).toBe(orgId);

    const org = await call(api(`/orgs/${orgId}`), { token: member.accessToken });
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ id: orgId, memberCount: 2, domains: [{ domain, verified: true }] });

    // A member who is not the owner cannot change the org.
    const memberClaim = await call(api(`/orgs/${orgId}/domains`), {
      token: member.accessToken,
      body: { domain: 'other-acme.test' },
    });
    expect(memberClaim.status).toBe(403);
  });

  it('hides an org from outsiders with 404', async () => {
    const { orgId } = await orgWithOwner('Private Org');
    const outsider = await signUp(auth.url);
    const read = await call(api(`/orgs/${orgId}`), { token: outsider.accessToken });
    expect(read.status).toBe(404);
    const claim = await call(api(`/orgs/${orgId}/domains`), {
      token: outsider.accessToken,
      body: { domain: 'steal.test' },
    });
    expect(claim.status).toBe(404);
    const verify = await call(api(`/orgs/${orgId}/domains/steal.test/verify`), {
      token: outsider.accessToken,
      method: 'POST',
    });
    expect(verify.status).toBe(404);
    const remove = await call(api(`/orgs/${orgId}/domains/steal.test`), {
      token: outsider.accessToken,
      method: 'DELETE',
    });
    expect(remove.status).toBe(404);
  });

  it('refuses public mail domains, bad domain names and domains another org claimed', async () => {
    const first = await orgWithOwner('First');
    const second = await orgWithOwner('Second');
    const gmail = await call(api(`/orgs/${first.orgId}/domains`), {
      token: first.owner.accessToken,
      body: { domain: 'gmail.com' },
    });
    expect(gmail.status).toBe(400);
    expect(gmail.body.error.code).toBe('validation_failed');

    const bad = await call(api(`/orgs/${first.orgId}/domains`), {
      token: first.owner.accessToken,
      body: { domain: 'not a domain' },
    });
    expect(bad.status).toBe(400);

    const domain = `contested-${Date.now().toString(36)}.test`;
    expect(
      (await call(api(`/orgs/${first.orgId}/domains`), { token: first.owner.accessToken, body: { domain } }))
        .status,
    ).toBe(201);
    const taken = await call(api(`/orgs/${second.orgId}/domains`), {
      token: second.owner.accessToken,
      body: { domain },
    });
    expect(taken.status).toBe(409);
  });

  it('refuses a second org for the same owner and a bad org id', async () => {
    const { owner } = await orgWithOwner('Once');
    const again = await call(api('/orgs'), { token: owner.accessToken, body: { name: 'Twice' } });
    expect(again.status).toBe(409);
    const badId = await call(api('/orgs/not-a-uuid'), { token: owner.accessToken });
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('validation_failed');
    const noName = await call(api('/orgs'), { token: (await signUp(auth.url)).accessToken, body: {} });
    expect(noName.status).toBe(400);
  });

  it('lets the owner remove a domain', async () => {
    const { owner, orgId } = await orgWithOwner('Removal');
    const domain = `gone-${Date.now().toString(36)}.test`;
    await call(api(`/orgs/${orgId}/domains`), { token: owner.accessToken, body: { domain } });
    expect(
      (await call(api(`/orgs/${orgId}/domains/${domain}`), { token: owner.accessToken, method: 'DELETE' }))
        .status,
    ).toBe(204);
    expect(
      (await call(api(`/orgs/${orgId}/domains/${domain}`), { token: owner.accessToken, method: 'DELETE' }))
        .status,
    ).toBe(404);
  });
});
