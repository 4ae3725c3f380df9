import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditServiceUnderTest,
  auditClient,
  call,
  SERVICE_TOKEN,
  startAuditService,
} from './harness.ts';

let svc: AuditServiceUnderTest;
beforeAll(async () => {
  svc = await startAuditService({}, { worker: false });
});
afterAll(async () => {
  await svc?.close();
});

const settingsUrl = () => `${svc.url}/api/v1/admin/audit-logs/settings`;
const internal = (orgId: string, serviceToken?: string) =>
  call(`${svc.url}/internal/v1/org-settings/${encodeURIComponent(orgId)}`, {
    headers: serviceToken ? { 'x-service-token': serviceToken } : {},
  });

describe('an org’s audit policy', () => {
  it('keeps question text out until the owner turns it on, and logs the change as an admin action', async () => {
    const token = await svc.token('owner-s', { orgId: 'org-settings', orgRole: 'owner' });
    const initial = await call(settingsUrl(), { token });
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ settings: { recordQuestionText: false } });
    expect((await internal('org-settings', SERVICE_TOKEN)).body).toEqual({
      settings: { recordQuestionText: false },
    });

    const changed = await call(settingsUrl(), {
      method: 'PUT',
      token,
      body: { recordQuestionText: true },
      headers: { 'x-request-id': 'req-settings-change' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ settings: { recordQuestionText: true } });
    expect((await internal('org-settings', SERVICE_TOKEN)).body).toEqual({
      settings: { recordQuestionText: true },
    });

    const log = await auditClient(svc.url, token).list('action=audit.settings_change');
    expect(log.body.events).toHaveLength(1);
    expect(log.body.events[0]).toMatchObject({
      actor: { id: 'owner-s', type: 'user' },
      orgId: 'org-settings',
      requestId: 'req-settings-change',
      details: { from: { recordQuestionText: false }, to: { recordQuestionText: true } },
    });
    expect((await auditClient(svc.url, token).verify()).body).toMatchObject({ ok: true });
  });

  it('is the org admins’ alone: members and other orgs get 404, and another org is untouched', async () => {
    const member = await svc.token('member-s', { orgId: 'org-settings-2', orgRole: 'member' });
    for (const request of [
      () => call(settingsUrl(), { token: member }),
      () => call(settingsUrl(), { method: 'PUT', token: member, body: { recordQuestionText: true } }),
    ]) {
      const response = await request();
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const otherOwner = await svc.token('owner-o', { orgId: 'org-settings-3', orgRole: 'owner' });
    expect((await call(settingsUrl(), { token: otherOwner })).body).toEqual({
      settings: { recordQuestionText: false },
    });
    expect((await internal('org-settings-2', SERVICE_TOKEN)).body.settings.recordQuestionText).toBe(false);
  });

  it('refuses a body that is not the settings, and hides the internal route without the service token', async () => {
    const token = await svc.token('owner-b', { orgId: 'org-settings-4', orgRole: 'owner' });
    for (const body of [{}, { recordQuestionText: 'yes' }, { recordQuestionText: true, extra: 1 }]) {
      const response = await call(settingsUrl(), { method: 'PUT', token, body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const notJson = await call(settingsUrl(), {
      method: 'PUT',
      token,
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect((await call(settingsUrl(), { token })).body.settings.recordQuestionText).toBe(false);
    expect((await internal('org-settings-4')).status).toBe(404);
  });
});
