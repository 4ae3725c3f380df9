import { randomUUID } from 'node:crypto';
import { callJson as call } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServiceUnderTest, type Neighbours, startChatService, startNeighbours } from './harness.ts';

// chat-svc as production runs it (WEBHOOKS_ALLOW_INSECURE off): webhook URLs must be public https,
// a user never reaches another's webhooks, the secret is shown once, and bad input is a clear 400.
let neighbours: Neighbours;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };

beforeAll(async () => {
  neighbours = await startNeighbours();
  chat = await startChatService(neighbours, { WEBHOOKS_MAX_PER_USER: '3', LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await chat?.closeAll();
  await neighbours?.close();
});

const PUBLIC_URL = 'https://hooks.example.com/perplexica';

async function newUser() {
  const token = await chat.token(randomUUID());
  const base = `${chat.url}/api/v1/webhooks`;
  return {
    create: (body: unknown) => call(base, { body, token }),
    list: () => call(base, { token }),
    get: (id: string) => call(`${base}/${id}`, { token }),
    patch: (id: string, body: unknown) => call(`${base}/${id}`, { method: 'PATCH', body, token }),
    rotate: (id: string) => call(`${base}/${id}/rotate-secret`, { method: 'POST', token }),
    remove: (id: string) => call(`${base}/${id}`, { method: 'DELETE', token }),
    deliveries: (id: string, query = '') =>
      call(`${base}/${id}/deliveries${query ? `?${query}` : ''}`, { token }),
  };
}

function expectBadInput(response: { status: number; body: any }, path?: string) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toMatch(/^(validation_failed|bad_request|invalid_json)$/);
  expect(typeof response.body.error.message).toBe('string');
  if (path) expect(JSON.stringify(response.body.error.details)).toContain(path);
}

describe('webhook URLs must not reach inside the cluster', () => {
  it.each([
    'http://127.0.0.1/hook',
    'https://127.0.0.1/hook',
    'https://10.0.0.5/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://localhost/hook',
    'https://[::1]/hook',
    'https://192.168.1.10/hook',
    'https://2130706433/hook',
    'https://metadata.google.internal/hook',
    'https://intranet/hook',
    'http://hooks.example.com/plain-http',
    'https://user:password@hooks.example.com/hook',
  ])('refuses %s with a 400', async (url) => {
    const user = await newUser();
    const refused = await user.create({ url, events: ['task.run'] });
    expectBadInput(refused, 'url');
    expect((await user.list()).body.webhooks).toHaveLength(0);
  });

  it('refuses a private address on update too', async () => {
    const user = await newUser();
    const created = await user.create({ url: PUBLIC_URL, events: ['task.run'] });
    expect(created.status).toBe(201);
    expectBadInput(await user.patch(created.body.webhook.id, { url: 'https://10.0.0.5/hook' }), 'url');
    expect((await user.get(created.body.webhook.id)).body.webhook.url).toBe(PUBLIC_URL);
  });
});

describe('the secret', () => {
  it('is 32 random bytes as whsec_…, shown once, never in list, get, update or logs', async () => {
    const user = await newUser();
    const created = await user.create({
      url: PUBLIC_URL,
      events: ['task.run', 'answer.quality'],
      description: 'CI',
    });
    expect(created.status).toBe(201);
    const { secret, webhook } = created.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(webhook).toMatchObject({
      url: PUBLIC_URL,
      events: ['task.run', 'answer.quality'],
      description: 'CI',
      active: true,
    });
    expect(webhook).not.toHaveProperty('secret');

    const rotated = await user.rotate(webhook.id);
    const reads = [
      await user.list(),
      await user.get(webhook.id),
      await user.patch(webhook.id, { active: false }),
      await user.deliveries(webhook.id),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(secret.slice(6));
      expect(JSON.stringify(read.body)).not.toContain(rotated.body.secret.slice(6));
      expect(JSON.stringify(read.body)).not.toContain('whsec_');
    }
    expect(chat.logs.text()).toContain('/api/v1/webhooks');
    expect(chat.logs.text()).not.toContain(secret.slice(6));
    expect(chat.logs.text()).not.toContain(rotated.body.secret.slice(6));
  });
});

describe('another user’s webhooks', () => {
  it('read as absent: 404 on get, update, rotate, delete and the delivery log', async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const id = (await owner.create({ url: PUBLIC_URL, events: ['task.run'] })).body.webhook.id as string;
    for (const response of [
      await stranger.get(id),
      await stranger.patch(id, { active: false }),
      await stranger.rotate(id),
      await stranger.remove(id),
      await stranger.deliveries(id),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await stranger.list()).body.webhooks).toHaveLength(0);
    // Untouched: still active, still the owner's.
    expect((await owner.get(id)).body.webhook).toMatchObject({ id, active: true });
    expect((await owner.remove(id)).status).toBe(204);
    expect((await owner.get(id)).status).toBe(404);
  });

  it('a request without a token is 401', async () => {
    const response = await call(`${chat.url}/api/v1/webhooks`);
    expect(response.status).toBe(401);
  });
});

describe('bad input is a 400 in the one error shape', () => {
  it.each([
    ['a URL that is not one', { url: 'not a url', events: ['task.run'] }, 'url'],
    ['an unknown event', { url: PUBLIC_URL, events: ['task.deleted'] }, 'events'],
    ['no events', { url: PUBLIC_URL, events: [] }, 'events'],
    ['events missing', { url: PUBLIC_URL }, 'events'],
    ['events not a list', { url: PUBLIC_URL, events: 'task.run' }, 'events'],
    [
      'a field that does not exist',
      { url: PUBLIC_URL, events: ['task.run'], secret: 'whsec_mine' },
      undefined,
    ],
    [
      'a description too long',
      { url: PUBLIC_URL, events: ['task.run'], description: 'x'.repeat(501) },
      'description',
    ],
    [
      'a URL too long',
      { url: `https://hooks.example.com/${'a'.repeat(2_000)}`, events: ['task.run'] },
      'url',
    ],
  ])('create with %s', async (_name, body, path) => {
    expectBadInput(await (await newUser()).create(body), path);
  });

  it('a body that is not JSON', async () => {
    const response = await call(`${chat.url}/api/v1/webhooks`, {
      body: '{"url":',
      token: await chat.token(randomUUID()),
    });
    expectBadInput(response);
  });

  it('updates with nothing, or the wrong types; ids that are not ids; bad paging', async () => {
    const user = await newUser();
    const id = (await user.create({ url: PUBLIC_URL, events: ['task.run'] })).body.webhook.id as string;
    expectBadInput(await user.patch(id, {}));
    expectBadInput(await user.patch(id, { active: 'yes' }), 'active');
    expectBadInput(await user.patch(id, { events: [] }), 'events');
    expectBadInput(await user.get('not-a-uuid'));
    expectBadInput(await user.deliveries(id, 'limit=0'));
    expectBadInput(await user.deliveries(id, 'limit=101'));
    expectBadInput(await user.deliveries(id, 'cursor=garbage'));
  });

  it('past the per-user limit is a 409 in words', async () => {
    const user = await newUser();
    for (let i = 0; i < 3; i += 1) {
      expect((await user.create({ url: PUBLIC_URL, events: ['task.run'] })).status).toBe(201);
    }
    const refused = await user.create({ url: PUBLIC_URL, events: ['task.run'] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/3 webhooks/);
  });

  it('duplicate events are kept once', async () => {
    const created = await (await newUser()).create({ url: PUBLIC_URL, events: ['task.run', 'task.run'] });
    expect(created.status).toBe(201);
    expect(created.body.webhook.events).toEqual(['task.run']);
  });
});
