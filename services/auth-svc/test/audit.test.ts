import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createLogger } from '@perplexica/observability';
import { freshRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthServiceUnderTest,
  call,
  GOOD_PASSWORD,
  SERVICE_TOKEN,
  signUp,
  startAuthService,
  uniqueEmail,
} from './harness.ts';

const queuePrefix = freshRedisPrefix('auth-audit');
let capture: AuditCapture;
let svc: AuthServiceUnderTest;
const UA = 'audit-test-agent/1.0';

beforeAll(async () => {
  capture = captureAuditEvents({
    url: queuePrefix.url,
    prefix: `${queuePrefix.prefix}bull`,
    service: 'auth-svc',
    logger: createLogger({ service: 'auth-svc', level: 'silent' }),
  });
  svc = await startAuthService({}, { audit: capture.emitter });
});
afterAll(async () => {
  await svc?.close();
  await capture?.close();
  await queuePrefix.clear();
});

describe('auth-svc audit events', () => {
  it('records sign-up and a password sign-in with ip, user agent and request id', async () => {
    const email = uniqueEmail();
    const { user } = await signUp(svc.url, email);
    const signUpEvent = await capture.waitFor((e) => e.action === 'auth.sign_up' && e.actor.id === user.id);
    expect(signUpEvent).toMatchObject({
      service: 'auth-svc',
      outcome: 'success',
      target: { type: 'user', id: user.id },
    });

    const login = await call(`${svc.url}/api/v1/auth/login`, {
      body: { email, password: GOOD_PASSWORD },
      headers: { 'user-agent': UA, 'x-request-id': 'req-audit-login' },
    });
    expect(login.status).toBe(200);
    const event = await capture.waitFor(
      (e) => e.action === 'auth.sign_in' && e.requestId === 'req-audit-login',
    );
    expect(event).toMatchObject({
      actor: { id: user.id, type: 'user' },
      orgId: null,
      outcome: 'success',
      target: { type: 'session' },
      ip: '127.0.0.1',
      userAgent: UA,
      details: { method: 'password' },
    });
  });

  it('records a failed sign-in as a failure, without the password anywhere in the event', async () => {
    const email = uniqueEmail();
    const { user } = await signUp(svc.url, email);
    const wrong = 'Tr0ub4dor&3-not-the-password';
    const login = await call(`${svc.url}/api/v1/auth/login`, {
      body: { email, password: wrong },
      headers: { 'x-request-id': 'req-audit-bad' },
    });
    expect(login.status).toBe(401);
    const event = await capture.waitFor((e) => e.requestId === 'req-audit-bad');
    expect(event).toMatchObject({
      action: 'auth.sign_in',
      outcome: 'failure',
      actor: { id: user.id, type: 'user' },
      details: { method: 'password', reason: 'bad_password' },
    });
    expect(JSON.stringify(event)).not.toContain(wrong);

    const unknown = await call(`${svc.url}/api/v1/auth/login`, {
      body: { email: 'nobody@researcher.test', password: wrong },
      headers: { 'x-request-id': 'req-audit-unknown' },
    });
    expect(unknown.status).toBe(401);
    const anonymous = await capture.waitFor((e) => e.requestId === 'req-audit-unknown');
    expect(anonymous).toMatchObject({ outcome: 'failure', actor: { type: 'anonymous' }, orgId: null });
    expect(JSON.stringify(anonymous)).not.toContain(wrong);
    expect(JSON.stringify(anonymous)).not.toContain('nobody@');
  });

  it('records sign-out once, API key create, use (once a minute) and revoke', async () => {
    const { user, accessToken, refreshToken } = await signUp(svc.url);
    const created = await call(`${svc.url}/api/v1/auth/api-keys`, {
      body: { name: 'ci', scopes: ['search'] },
      token: accessToken,
    });
    expect(created.status).toBe(201);
    const keyId = created.body.id as string;
    expect(
      await capture.waitFor((e) => e.action === 'api_key.create' && e.target?.id === keyId),
    ).toMatchObject({
      actor: { id: user.id, type: 'user' },
      details: { name: 'ci', scopes: ['search'] },
    });

    for (let i = 0; i < 3; i += 1) {
      const verified = await call(`${svc.url}/internal/v1/api-keys/verify`, {
        body: { key: created.body.key },
        headers: { 'x-service-token': SERVICE_TOKEN },
      });
      expect(verified.status).toBe(200);
    }
    await capture.waitFor((e) => e.action === 'api_key.use' && e.actor.id === keyId);
    const uses = (await capture.events()).filter((e) => e.action === 'api_key.use' && e.actor.id === keyId);
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ actor: { type: 'api_key' }, details: { userId: user.id } });
    expect(JSON.stringify(uses[0])).not.toContain(created.body.key);

    const revoked = await call(`${svc.url}/api/v1/auth/api-keys/${keyId}`, {
      method: 'DELETE',
      token: accessToken,
    });
    expect(revoked.status).toBe(200);
    await capture.waitFor((e) => e.action === 'api_key.revoke' && e.target?.id === keyId);

    for (let i = 0; i < 2; i += 1) {
      const out = await call(`${svc.url}/api/v1/auth/logout`, { body: { refreshToken } });
      expect(out.status).toBe(204);
    }
    await capture.waitFor((e) => e.action === 'auth.sign_out' && e.actor.id === user.id);
    const signOuts = (await capture.events()).filter(
      (e) => e.action === 'auth.sign_out' && e.actor.id === user.id,
    );
    expect(signOuts).toHaveLength(1);
  });

  it("records an admin's role change with the old and new role", async () => {
    const adminEmail = uniqueEmail('admins.test');
    const admins = await startAuthService({ ADMIN_EMAILS: adminEmail }, { audit: capture.emitter });
    try {
      const admin = await signUp(admins.url, adminEmail);
      const member = await signUp(admins.url);
      const changed = await call(`${admins.url}/api/v1/auth/admin/users/${member.user.id}`, {
        method: 'PATCH',
        body: { role: 'admin' },
        token: admin.accessToken,
      });
      expect(changed.status).toBe(200);
      const event = await capture.waitFor(
        (e) => e.action === 'admin.role_change' && e.target?.id === member.user.id,
      );
      expect(event).toMatchObject({
        actor: { id: admin.user.id, type: 'user' },
        outcome: 'success',
        details: { role: { from: 'user', to: 'admin' } },
      });
    } finally {
      await admins.close();
    }
  });
});

describe('organization changes', () => {
  it('records a domain claimed and removed in the org’s log, with who did it', async () => {
    const owner = await signUp(svc.url);
    const created = await call(`${svc.url}/api/v1/auth/orgs`, {
      token: owner.accessToken,
      body: { name: 'Audited Org' },
    });
    expect(created.status).toBe(201);
    const orgId = created.body.id as string;
    const refreshed = await call(`${svc.url}/api/v1/auth/refresh`, {
      body: { refreshToken: owner.refreshToken },
    });
    const token = refreshed.body.accessToken as string;
    const domain = `audited-${Date.now().toString(36)}.test`;
    const domains = `${svc.url}/api/v1/auth/orgs/${orgId}/domains`;
    expect((await call(domains, { token, body: { domain } })).status).toBe(201);
    expect((await call(`${domains}/${domain}`, { method: 'DELETE', token })).status).toBe(204);
    for (const action of ['org.create', 'org.domain_add', 'org.domain_remove']) {
      const event = await capture.waitFor((e) => e.orgId === orgId && e.action === action);
      expect(event).toMatchObject({ actor: { id: owner.user.id, type: 'user' }, outcome: 'success' });
    }
  });
});
