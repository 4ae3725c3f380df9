import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimSync, finishSync } from '../src/connectors/connector-repository.ts';
import { sourceKeyOf } from '../src/connectors/sync-connector.ts';
import {
  type ProjectsClient,
  type ProjectsStack,
  pollUntil,
  projectsClient,
  startProjectsStack,
} from './harness.ts';

let stack: ProjectsStack;
let alice: ProjectsClient;
let connectorId: string;

beforeAll(async () => {
  stack = await startProjectsStack();
  alice = projectsClient(stack.url, await stack.token('alice'));
  const spaceId = (await alice.createSpace({ name: 'Claims' })).body.space.id;
  connectorId = (
    await alice.createConnector({ spaceId, type: 'rss', url: 'https://lab.example/feed.xml', enabled: false })
  ).body.connector.id;
});
afterAll(() => stack?.close());

describe('one sync per connector at a time (Postgres claim)', () => {
  it('a second sync is busy while the first runs; the same job (a retry) takes its claim back', async () => {
    const db = stack.database.db;
    const first = await claimSync(db, connectorId, 'job-1', 30);
    expect(first).toMatchObject({ connector: { id: connectorId, sync_status: 'running' }, ownerId: 'alice' });
    expect(await claimSync(db, connectorId, 'job-2', 30)).toBe('busy');
    expect(typeof (await claimSync(db, connectorId, 'job-1', 30))).toBe('object');

    // A sync that lost its claim records nothing.
    await finishSync(db, connectorId, 'job-2', { status: 'ok', documents: 9, skipped: 0, error: null });
    let row = await db
      .selectFrom('connectors')
      .selectAll()
      .where('id', '=', connectorId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sync_status: 'running', sync_documents: 0 });

    await finishSync(db, connectorId, 'job-1', {
      status: 'ok',
      documents: 3,
      skipped: 1,
      error: 'one skipped',
    });
    row = await db
      .selectFrom('connectors')
      .selectAll()
      .where('id', '=', connectorId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sync_status: 'ok', sync_documents: 3, sync_skipped: 1, sync_claim: null });
    expect(typeof (await claimSync(db, connectorId, 'job-2', 30))).toBe('object');
    await finishSync(db, connectorId, 'job-2', { status: 'ok', documents: 0, skipped: 0, error: null });
  });

  it('a claim older than SYNC_STALE_MINUTES (its worker died) is taken over; a deleted connector is gone', async () => {
    const db = stack.database.db;
    expect(typeof (await claimSync(db, connectorId, 'job-dead', 30))).toBe('object');
    expect(await claimSync(db, connectorId, 'job-new', 30)).toBe('busy');
    await db
      .updateTable('connectors')
      .set({ sync_started_at: new Date(Date.now() - 31 * 60_000) })
      .where('id', '=', connectorId)
      .execute();
    expect(typeof (await claimSync(db, connectorId, 'job-new', 30))).toBe('object');
    await finishSync(db, connectorId, 'job-new', { status: 'ok', documents: 0, skipped: 0, error: null });
    expect(await claimSync(db, crypto.randomUUID(), 'job-x', 30)).toBe('gone');
  });

  it('a sync asked for while another runs waits for it; trouble with search-svc is recorded and retried', async () => {
    const db = stack.database.db;
    expect(typeof (await claimSync(db, connectorId, 'another-replica', 30))).toBe('object');
    expect((await alice.syncConnector(connectorId)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const waiting = await alice.getConnector(connectorId);
    expect(waiting.body.connector.lastSync.status).toBe('running');
    await finishSync(db, connectorId, 'another-replica', {
      status: 'ok',
      documents: 0,
      skipped: 0,
      error: null,
    });

    // The waiting job runs now; this stack has no search-svc, which is our trouble, not the source's.
    const failed = await pollUntil(
      () => alice.getConnector(connectorId),
      (r) => r.body.connector.lastSync.status === 'failed',
      15_000,
    );
    expect(failed.body.connector.lastSync).toMatchObject({
      status: 'failed',
      error: 'Temporary problem: search-svc is unreachable or slow (network); retrying',
    });
    const jobs = await stack.syncs.queue.getJobs(['delayed', 'wait', 'active', 'failed']);
    const retried = jobs.find((job) => job.data.connectorId === connectorId && job.attemptsMade >= 1);
    expect(retried, 'the failed attempt is retried with backoff').toBeDefined();
  });

  it('keys documents by connector and item, hashing keys too long for upload-svc', () => {
    expect(sourceKeyOf('c1', 'https://lab.example/a')).toBe('c1:https://lab.example/a');
    const long = sourceKeyOf('c1', `https://lab.example/${'a'.repeat(2_000)}`);
    expect(long).toMatch(/^c1:sha256:[0-9a-f]{64}$/);
    expect(sourceKeyOf('c1', `https://lab.example/${'a'.repeat(2_000)}`)).toBe(long);
  });
});
