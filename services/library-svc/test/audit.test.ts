import { randomUUID } from 'node:crypto';
import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createLogger } from '@perplexica/observability';
import { freshRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSvc, type LibraryServiceUnderTest, libraryClient, startLibraryService } from './harness.ts';

const queuePrefix = freshRedisPrefix('library-audit');
let capture: AuditCapture;
let svc: LibraryServiceUnderTest;

beforeAll(async () => {
  capture = captureAuditEvents({
    url: queuePrefix.url,
    prefix: `${queuePrefix.prefix}bull`,
    service: 'library-svc',
    logger: createLogger({ service: 'library-svc', level: 'silent' }),
  });
  svc = await startLibraryService({}, { audit: capture.emitter });
});
afterAll(async () => {
  await svc?.close();
  await capture?.close();
  await queuePrefix.clear();
});

describe('library-svc audit events', () => {
  it('records share (a new link only), unshare and delete with the caller and org', async () => {
    const user = `auditor-${randomUUID()}`;
    const client = libraryClient(svc.url, await svc.userToken(user, 'org-lib'));
    const { threadId } = await chatSvc(svc.url).answeredThread(user, { title: 'Audited' });
    expect((await client.share(threadId)).status).toBe(201);
    expect((await client.share(threadId)).status).toBe(200);
    expect((await client.unshare(threadId)).status).toBe(204);
    expect((await client.remove(threadId)).status).toBe(204);

    await capture.waitFor((e) => e.action === 'thread.delete' && e.target?.id === threadId);
    const mine = (await capture.events()).filter((e) => e.target?.id === threadId);
    expect(mine.map((e) => e.action)).toEqual(['thread.share', 'thread.unshare', 'thread.delete']);
    for (const event of mine) {
      expect(event).toMatchObject({
        service: 'library-svc',
        actor: { id: user, type: 'user' },
        orgId: 'org-lib',
        outcome: 'success',
        target: { type: 'thread', id: threadId },
        ip: '127.0.0.1',
        requestId: expect.any(String),
      });
    }
    expect(mine[0]?.details).toMatchObject({ shareId: expect.any(String) });
  });
});
