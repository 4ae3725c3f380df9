import { randomUUID } from 'node:crypto';
import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createLogger } from '@perplexica/observability';
import { freshRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startUploadService, type UploadServiceUnderTest, uploadFile } from './harness.ts';

const queuePrefix = freshRedisPrefix('upload-audit');
let capture: AuditCapture;
let svc: UploadServiceUnderTest;

beforeAll(async () => {
  capture = captureAuditEvents({
    url: queuePrefix.url,
    prefix: `${queuePrefix.prefix}bull`,
    service: 'upload-svc',
    logger: createLogger({ service: 'upload-svc', level: 'silent' }),
  });
  svc = await startUploadService({ audit: capture.emitter });
});
afterAll(async () => {
  await svc?.close();
  await capture?.close();
  await queuePrefix.clear();
});

describe('upload-svc audit events', () => {
  it('records an upload and a delete of the file, by the caller in their org', async () => {
    const user = `uploader-${randomUUID()}`;
    const token = await svc.userToken(user, 'org-up');
    const uploaded = await uploadFile(svc.url, token, {
      name: 'notes.txt',
      bytes: 'audited notes',
      type: 'text/plain',
    });
    expect(uploaded.status).toBe(202);
    const fileId = uploaded.body.file.id as string;
    const upload = await capture.waitFor((e) => e.action === 'file.upload' && e.target?.id === fileId);
    expect(upload).toMatchObject({
      service: 'upload-svc',
      actor: { id: user, type: 'user' },
      orgId: 'org-up',
      outcome: 'success',
      target: { type: 'file', id: fileId },
      ip: '127.0.0.1',
      details: { name: 'notes.txt', spaceId: null },
    });

    const removed = await call(`${svc.url}/api/v1/upload/files/${fileId}`, { method: 'DELETE', token });
    expect(removed.status).toBe(204);
    const deletion = await capture.waitFor((e) => e.action === 'file.delete' && e.target?.id === fileId);
    expect(deletion).toMatchObject({ actor: { id: user }, orgId: 'org-up', details: { name: 'notes.txt' } });
  });
});
