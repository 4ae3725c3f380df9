import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  type JsonResponse,
  type ProjectsClient,
  type ProjectsStack,
  projectsClient,
  startProjectsStack,
} from './harness.ts';

let stack: ProjectsStack;
let token: string;
let alice: ProjectsClient;
let spaceId: string;
let collectionId: string;
let connectorId: string;

beforeAll(async () => {
  // A small body limit, so the 413 test need not send megabytes.
  stack = await startProjectsStack({ env: { BODY_LIMIT_BYTES: '65536' } });
  token = await stack.token('alice');
  alice = projectsClient(stack.url, token);
  spaceId = (await alice.createSpace({ name: 'Inputs' })).body.space.id;
  collectionId = (await alice.createCollection({ name: 'Inputs' })).body.collection.id;
  // Disabled, so no sync runs against the search-svc this test does not start.
  const connector = await alice.createConnector({
    spaceId,
    type: 'rss',
    url: 'https://lab.example/feed.xml',
    enabled: false,
  });
  expect(connector.status).toBe(201);
  connectorId = connector.body.connector.id;
});
afterAll(() => stack?.close());

function expectError(response: JsonResponse, status: number, code: string, path?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
  if (path) expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
}

const api = (path: string) => `${stack.url}/api/v1${path}`;

describe('the one error shape, never a 500', () => {
  it('needs a valid access token on every public route', async () => {
    for (const path of [
      '/projects',
      `/projects/${spaceId}`,
      '/collections',
      `/connectors?spaceId=${spaceId}`,
    ]) {
      expectError(await call(api(path)), 401, 'unauthorized');
      expectError(await call(api(path), { token: 'not-a-jwt' }), 401, 'invalid_token');
    }
  });

  it('invalid JSON is 400 invalid_json; another content type is 415', async () => {
    for (const [method, path] of [
      ['POST', '/projects'],
      ['PATCH', `/projects/${spaceId}`],
      ['POST', `/projects/${spaceId}/members`],
      ['POST', '/collections'],
      ['POST', `/collections/${collectionId}/threads`],
      ['PUT', `/collections/${collectionId}/order`],
      ['POST', '/connectors'],
      ['PATCH', `/connectors/${connectorId}`],
    ] as const) {
      expectError(await call(api(path), { method, body: '{"name":', token }), 400, 'invalid_json');
      expectError(
        await call(api(path), { method, body: '{}', token, headers: { 'content-type': 'text/plain' } }),
        415,
        'unsupported_media_type',
      );
    }
  });

  it('a malformed id in the path is 400 naming it; a well-formed unknown one is 404', async () => {
    for (const id of ['not-a-uuid', '123', `${randomUUID()}x`]) {
      expectError(await alice.getSpace(id), 400, 'validation_failed', 'path.id');
      expectError(await alice.patchSpace(id, { name: 'x' }), 400, 'validation_failed', 'path.id');
      expectError(await alice.members(id), 400, 'validation_failed', 'path.id');
      expectError(await alice.getCollection(id), 400, 'validation_failed', 'path.id');
      expectError(await alice.share(id), 400, 'validation_failed', 'path.id');
      expectError(await alice.getConnector(id), 400, 'validation_failed', 'path.id');
      expectError(await alice.syncConnector(id), 400, 'validation_failed', 'path.id');
      expectError(await alice.removeThread(collectionId, id), 400, 'validation_failed', 'path.threadId');
      expectError(await alice.listConnectors(id), 400, 'validation_failed', 'query.spaceId');
    }
    const unknown = randomUUID();
    expectError(await alice.getSpace(unknown), 404, 'not_found');
    expectError(await alice.getCollection(unknown), 404, 'not_found');
    expectError(await alice.getConnector(unknown), 404, 'not_found');
    expectError(await alice.listConnectors(unknown), 404, 'not_found');
    expectError(await call(api('/connectors'), { token }), 400, 'validation_failed', 'query.spaceId');
  });

  it('space bodies are checked field by field', async () => {
    for (const [body, path] of [
      [{}, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: '   ' }, 'body.name'],
      [{ name: 'x'.repeat(101) }, 'body.name'],
      [{ name: 42 }, 'body.name'],
      [{ name: 'ok', description: 'd'.repeat(2_001) }, 'body.description'],
      [{ name: 'ok', instructions: 'i'.repeat(8_001) }, 'body.instructions'],
      [{ name: 'ok', defaultMode: 'turbo' }, 'body.defaultMode'],
      [{ name: 'ok', defaultFocus: 'gossip' }, 'body.defaultFocus'],
      [{ name: 'ok', visibility: 'public' }, 'body.visibility'],
      [{ name: 'ok', ownerId: 'mallory' }, 'body'],
    ] as const) {
      expectError(await alice.createSpace(body), 400, 'validation_failed');
      const response = await alice.createSpace(body);
      expect(response.body.error.details[0].path.startsWith(path), JSON.stringify(response.body)).toBe(true);
    }
    expectError(await alice.createSpace([]), 400, 'validation_failed');
    expectError(await alice.patchSpace(spaceId, {}), 400, 'validation_failed');
    expectError(await alice.patchSpace(spaceId, { orgId: 'org-9' }), 400, 'validation_failed');
    expect((await alice.getSpace(spaceId)).body.space).toMatchObject({ name: 'Inputs', orgId: null });
  });

  it('member bodies: a real email and the role editor or viewer', async () => {
    for (const body of [
      {},
      { email: 'not-an-email', role: 'viewer' },
      { email: 'a@example.test' },
      { email: 'a@example.test', role: 'admin' },
      { email: 'a@example.test', role: 'owner' },
      { email: 'a@example.test', role: 'viewer', extra: true },
    ]) {
      expectError(await alice.addMember(spaceId, body), 400, 'validation_failed');
    }
    expectError(await alice.patchMember(spaceId, 'alice', { role: 'boss' }), 400, 'validation_failed');
    expectError(
      await alice.patchMember(spaceId, 'x'.repeat(201), { role: 'viewer' }),
      400,
      'validation_failed',
    );
  });

  it('collection bodies: name, description, a thread uuid, a list of uuids', async () => {
    expectError(await alice.createCollection({ name: '' }), 400, 'validation_failed', 'body.name');
    expectError(
      await alice.createCollection({ name: 'x'.repeat(101) }),
      400,
      'validation_failed',
      'body.name',
    );
    expectError(
      await alice.createCollection({ name: 'ok', description: 'd'.repeat(2_001) }),
      400,
      'validation_failed',
      'body.description',
    );
    expectError(await alice.patchCollection(collectionId, {}), 400, 'validation_failed');
    expectError(await alice.addThread(collectionId, 'nope'), 400, 'validation_failed', 'body.threadId');
    expectError(
      await call(api(`/collections/${collectionId}/threads`), { method: 'POST', body: {}, token }),
      400,
      'validation_failed',
      'body.threadId',
    );
    expectError(await alice.reorder(collectionId, 'not a list'), 400, 'validation_failed', 'body.threadIds');
    expectError(
      await alice.reorder(
        collectionId,
        Array.from({ length: 201 }, () => randomUUID()),
      ),
      400,
      'validation_failed',
      'body.threadIds',
    );
  });

  it('connector bodies: URL, scheme, schedule range, type', async () => {
    const good = { spaceId, type: 'rss', url: 'https://lab.example/feed.xml', enabled: false };
    for (const [body, path] of [
      [{ ...good, url: 'not a url' }, 'body.url'],
      [{ ...good, url: '' }, 'body.url'],
      [{ ...good, url: 'ftp://lab.example/feed.xml' }, 'body.url'],
      [{ ...good, url: 'file:///etc/passwd' }, 'body.url'],
      [{ ...good, url: 'javascript:alert(1)' }, 'body.url'],
      [{ ...good, url: 'https://user:secret@lab.example/feed.xml' }, 'body.url'],
      [{ ...good, url: `https://lab.example/${'a'.repeat(2_100)}` }, 'body.url'],
      [{ ...good, url: undefined }, 'body.url'],
      [{ ...good, schedule: { intervalMinutes: 14 } }, 'body.schedule.intervalMinutes'],
      [{ ...good, schedule: { intervalMinutes: 10_081 } }, 'body.schedule.intervalMinutes'],
      [{ ...good, schedule: { intervalMinutes: 60.5 } }, 'body.schedule.intervalMinutes'],
      [{ ...good, schedule: { intervalMinutes: '60' } }, 'body.schedule.intervalMinutes'],
      [{ ...good, schedule: 60 }, 'body.schedule'],
      [{ ...good, type: 'gopher' }, 'body.type'],
      [{ ...good, type: undefined }, 'body.type'],
      [{ ...good, spaceId: 'nope' }, 'body.spaceId'],
      [{ ...good, enabled: 'yes' }, 'body.enabled'],
      [{ ...good, name: '' }, 'body.name'],
    ] as const) {
      expectError(await alice.createConnector(body), 400, 'validation_failed', path);
    }
    expectError(await alice.createConnector({ ...good, spaceId: randomUUID() }), 404, 'not_found');
    for (const [body, path] of [
      [{}, '(root)'],
      [{ url: 'gopher://lab.example' }, 'body.url'],
      [{ schedule: { intervalMinutes: 0 } }, 'body.schedule.intervalMinutes'],
      [{ type: 'web' }, 'body'],
    ] as const) {
      const response = await alice.patchConnector(connectorId, body);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path.startsWith(path === '(root)' ? 'body' : path)).toBe(true);
    }
    const unchanged = await alice.getConnector(connectorId);
    expect(unchanged.body.connector).toMatchObject({ type: 'rss', schedule: { intervalMinutes: 1440 } });
  });

  it('a body over the limit is 413', async () => {
    const response = await alice.createSpace({ name: 'big', description: 'd'.repeat(70_000) });
    expectError(response, 413, 'payload_too_large');
  });

  it('never answered 500 to any of this', () => {
    const errors = stack.logs.lines().filter((line) => (line.level as number) >= 50);
    expect(errors).toEqual([]);
  });
});
