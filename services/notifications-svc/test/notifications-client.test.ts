import { randomUUID } from 'node:crypto';
import { ApiError } from '@perplexica/errors';
import { createNotificationsClient } from '@perplexica/service-clients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NotificationsServiceUnderTest,
  SERVICE_TOKEN,
  startNotificationsService,
  userClient,
} from './harness.ts';

// The typed client other services (chat-svc's Tasks) use, against the real service.
let svc: NotificationsServiceUnderTest;
beforeAll(async () => {
  svc = await startNotificationsService({}, { worker: false });
});
afterAll(() => svc?.close());

describe('createNotificationsClient', () => {
  it('notify() stores the notification once and says when a call was a duplicate', async () => {
    const client = createNotificationsClient({ baseUrl: svc.url, serviceToken: SERVICE_TOKEN });
    const userId = randomUUID();
    const input = {
      eventId: `task:${randomUUID()}:run:1`,
      userId,
      kind: 'task_result' as const,
      title: 'Weekly AI news digest is ready',
      body: 'Five stories this week.',
      url: '/thread/4c1f0d7e-2a7b-4b8e-9f3c-5d6e7f8a9b0c',
    };
    const first = await client.notify(input);
    expect(first).toEqual({ id: expect.any(String), duplicate: false });
    expect(await client.notify(input)).toEqual({ id: first.id, duplicate: true });
    const inbox = userClient(svc.url, await svc.token(userId));
    expect((await inbox.get(first.id)).body.notification).toMatchObject({
      title: input.title,
      url: input.url,
    });
  });

  it('a refused call throws the service’s ApiError; a wrong token looks like a missing route', async () => {
    const client = createNotificationsClient({ baseUrl: svc.url, serviceToken: SERVICE_TOKEN });
    const invalid = client.notify({
      eventId: 'e',
      userId: 'not-a-uuid',
      kind: 'reminder',
      title: 't',
      body: '',
    });
    await expect(invalid).rejects.toBeInstanceOf(ApiError);
    await expect(invalid).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
    const outsider = createNotificationsClient({
      baseUrl: svc.url,
      serviceToken: 'wrong-token-0123456789abcdef',
    });
    await expect(
      outsider.notify({ eventId: 'e', userId: randomUUID(), kind: 'reminder', title: 't', body: '' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('notifications-svc unreachable: an unavailable error, safe to retry with the same eventId', async () => {
    const client = createNotificationsClient({ baseUrl: 'http://127.0.0.1:9', serviceToken: SERVICE_TOKEN });
    await expect(
      client.notify({ eventId: 'e', userId: randomUUID(), kind: 'reminder', title: 't', body: '' }),
    ).rejects.toMatchObject({ code: 'unavailable', status: 503 });
  });
});
