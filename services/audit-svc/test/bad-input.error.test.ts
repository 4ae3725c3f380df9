import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditServiceUnderTest,
  auditClient,
  call,
  type JsonResponse,
  startAuditService,
} from './harness.ts';

let svc: AuditServiceUnderTest;
let owner: ReturnType<typeof auditClient>;

beforeAll(async () => {
  svc = await startAuditService({}, { worker: false });
  owner = auditClient(svc.url, await svc.token('owner', { orgId: 'org-a', orgRole: 'owner' }));
});
afterAll(async () => {
  await svc?.close();
});

function expectError(response: JsonResponse, status: number, code: string, path?: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
  if (path) expect(response.body.error.details[0].path).toBe(path);
}

const exportJson = async (query: string): Promise<JsonResponse> => {
  const response = await owner.export(query);
  return { status: response.status, headers: response.headers, body: await response.json() };
};

describe('the audit-log routes refuse bad input with 400 in the one error shape', () => {
  it('bad dates', async () => {
    for (const value of ['yesterday', '2026-13-01', '2026-11-30T25:00:00Z', '1700000000', '']) {
      expectError(await owner.list(`from=${value}`), 400, 'validation_failed', 'query.from');
      expectError(await owner.list(`to=${encodeURIComponent(value)}`), 400, 'validation_failed', 'query.to');
    }
    expectError(await owner.list('from=2026-11-30&to=2026-11-01'), 400, 'validation_failed', 'query.to');
  });

  it('a limit outside 1..200', async () => {
    for (const limit of ['0', '1000', '201', '-1', '1.5', 'ten', '']) {
      expectError(await owner.list(`limit=${limit}`), 400, 'validation_failed', 'query.limit');
    }
    expect((await owner.list('limit=1')).status).toBe(200);
    expect((await owner.list('limit=200')).status).toBe(200);
  });

  it('a cursor this API did not give', async () => {
    const forged = Buffer.from(JSON.stringify(['not a time', 1])).toString('base64url');
    for (const cursor of ['abc', '!!!', forged, Buffer.from('{}').toString('base64url')]) {
      expectError(await owner.list(`cursor=${cursor}`), 400, 'validation_failed', 'query.cursor');
    }
  });

  it('a malformed action, target or outcome, an empty q', async () => {
    expectError(await owner.list('action=Auth.SignIn'), 400, 'validation_failed', 'query.action');
    expectError(await owner.list('action=auth.*.x'), 400, 'validation_failed', 'query.action');
    expectError(await owner.list('target=:x'), 400, 'validation_failed', 'query.target');
    expectError(await owner.list('outcome=maybe'), 400, 'validation_failed', 'query.outcome');
    expectError(await owner.list('q=%20%20'), 400, 'validation_failed', 'query.q');
  });

  it('an export without a format, or with an unknown one', async () => {
    expectError(await exportJson('format=xml'), 400, 'validation_failed', 'query.format');
    expectError(await exportJson(''), 400, 'validation_failed', 'query.format');
    expectError(await exportJson('format=csv&limit=0&from=nope'), 400, 'validation_failed', 'query.from');
  });

  it('unknown routes are 404 in the same shape, and nothing was a 500', async () => {
    const token = await svc.token('owner', { orgId: 'org-a', orgRole: 'owner' });
    expectError(await call(`${svc.url}/api/v1/admin/audit-logs/nothing`, { token }), 404, 'not_found');
    expect(svc.logs.lines().some((line) => line.msg === 'unhandled error')).toBe(false);
  });
});
