import { startFakeWebsite } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadFile } from '../../upload-svc/test/harness.ts';
import {
  call,
  errorOf,
  type ProjectsClient,
  type ProjectsStack,
  pollUntil,
  projectsClient,
  SERVICE_TOKEN,
  spaceAccess,
  startProjectsStack,
} from './harness.ts';

let site: Awaited<ReturnType<typeof startFakeWebsite>>;
let stack: ProjectsStack;
let token: string;
let alice: ProjectsClient;

beforeAll(async () => {
  site = await startFakeWebsite();
  stack = await startProjectsStack({ search: { allowPrivateHosts: [new URL(site.url).host] }, upload: true });
  token = await stack.token('alice');
  alice = projectsClient(stack.url, token);
});
afterAll(async () => {
  await stack?.close();
  await site?.close();
});

const filesOfSpace = (spaceId: string) =>
  stack
    .upload!.database.db.selectFrom('files')
    .select(['id', 'status'])
    .where('space_id', '=', spaceId)
    .execute();

describe('deleting a space', () => {
  it('removes its uploaded and connector files in upload-svc, its connectors and their schedules', async () => {
    const spaceId = (await alice.createSpace({ name: 'Short-lived' })).body.space.id;
    const otherSpace = (await alice.createSpace({ name: 'Stays' })).body.space.id;
    // An upload into the space: upload-svc asks projects-svc whether Alice may.
    const uploaded = await uploadFile(
      stack.upload!.url,
      token,
      { name: 'notes.txt', bytes: 'Field notes on the tides of the Bay of Fundy.', type: 'text/plain' },
      spaceId,
    );
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
    await uploadFile(stack.upload!.url, token, { name: 'keep.txt', bytes: 'Other space.' }, otherSpace);
    const connector = (
      await alice.createConnector({
        spaceId,
        type: 'web',
        url: `${site.url}/article`,
        schedule: { intervalMinutes: 30 },
      })
    ).body.connector;
    await pollUntil(
      () => alice.getConnector(connector.id),
      (r) => r.body.connector?.lastSync.status === 'ok',
    );
    expect((await filesOfSpace(spaceId)).length).toBe(2);
    expect(await stack.syncs.scheduleOf(connector.id)).not.toBeNull();

    expect((await alice.deleteSpace(spaceId)).status).toBe(204);
    expect(await filesOfSpace(spaceId)).toEqual([]);
    expect((await filesOfSpace(otherSpace)).length).toBe(1);
    expect(await stack.syncs.scheduleOf(connector.id)).toBeNull();
    expect(errorOf(await alice.getSpace(spaceId))).toEqual({ status: 404, code: 'not_found' });
    expect(errorOf(await alice.getConnector(connector.id))).toEqual({ status: 404, code: 'not_found' });
    expect((await spaceAccess(stack.url, spaceId, 'alice')).status).toBe(404);
    const search = await call(`${stack.upload!.url}/internal/v1/search`, {
      method: 'POST',
      body: { userId: 'alice', spaceId, query: 'tides Bay of Fundy' },
      serviceToken: SERVICE_TOKEN,
    });
    expect(search.body.results).toEqual([]);
    // upload-svc now refuses the space, since projects-svc no longer knows it.
    const late = await uploadFile(stack.upload!.url, token, { name: 'late.txt', bytes: 'too late' }, spaceId);
    expect(late.status).toBe(404);
  });
});
