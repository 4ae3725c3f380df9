import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ConnectorRow } from '../db/schema.ts';
import type { Db } from '../spaces/space-repository.ts';

const connectorColumns = [
  'connectors.id',
  'connectors.space_id',
  'connectors.type',
  'connectors.url',
  'connectors.name',
  'connectors.interval_minutes',
  'connectors.enabled',
  'connectors.created_by',
  'connectors.created_at',
  'connectors.updated_at',
  'connectors.sync_status',
  'connectors.sync_started_at',
  'connectors.sync_finished_at',
  'connectors.sync_documents',
  'connectors.sync_skipped',
  'connectors.sync_error',
  'connectors.sync_claim',
] as const;

export interface NewConnector {
  spaceId: string;
  type: string;
  url: string;
  name: string;
  intervalMinutes: number;
  enabled: boolean;
  createdBy: string;
}

/**
 * Creates the connector unless the space already has `max`. The space row is locked meanwhile, so
 * concurrent creations cannot both take the last place.
 */
export async function createConnector(
  db: Db,
  input: NewConnector,
  max: number,
): Promise<ConnectorRow | 'full'> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('spaces').select('id').where('id', '=', input.spaceId).forUpdate().execute();
    const { count } = await trx
      .selectFrom('connectors')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('space_id', '=', input.spaceId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= max) return 'full';
    return trx
      .insertInto('connectors')
      .values({
        id: randomUUID(),
        space_id: input.spaceId,
        type: input.type,
        url: input.url,
        name: input.name,
        interval_minutes: input.intervalMinutes,
        enabled: input.enabled,
        created_by: input.createdBy,
        sync_error: null,
        sync_claim: null,
      })
      .returning(connectorColumns)
      .executeTakeFirstOrThrow();
  });
}

export function findConnector(db: Db, id: string): Promise<ConnectorRow | undefined> {
  return db.selectFrom('connectors').select(connectorColumns).where('id', '=', id).executeTakeFirst();
}

export function listConnectors(db: Db, spaceId: string): Promise<ConnectorRow[]> {
  return db
    .selectFrom('connectors')
    .select(connectorColumns)
    .where('space_id', '=', spaceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function connectorIdsOfSpace(db: Db, spaceId: string): Promise<{ id: string }[]> {
  return db.selectFrom('connectors').select('id').where('space_id', '=', spaceId).execute();
}

/** Every enabled connector's schedule, for putting lost schedules back at start. */
export function enabledSchedules(db: Db): Promise<{ id: string; interval_minutes: number }[]> {
  return db.selectFrom('connectors').select(['id', 'interval_minutes']).where('enabled', '=', true).execute();
}

export function updateConnector(
  db: Db,
  id: string,
  patch: { url?: string; name?: string; intervalMinutes?: number; enabled?: boolean },
): Promise<ConnectorRow | undefined> {
  return db
    .updateTable('connectors')
    .set({
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.intervalMinutes === undefined ? {} : { interval_minutes: patch.intervalMinutes }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(connectorColumns)
    .executeTakeFirst();
}

/** Deletes the connector and returns the source keys of the documents it had pushed. */
export async function deleteConnector(db: Db, id: string): Promise<string[] | undefined> {
  return db.transaction().execute(async (trx) => {
    const documents = await trx
      .selectFrom('connector_documents')
      .select('source_key')
      .where('connector_id', '=', id)
      .execute();
    const deleted = await trx.deleteFrom('connectors').where('id', '=', id).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) return undefined;
    return documents.map((document) => document.source_key);
  });
}

// ---- sync state ----

export interface SyncClaim {
  connector: ConnectorRow;
  /** The space owner: whose files the documents are in upload-svc. */
  ownerId: string;
}

/**
 * Marks a sync as running for this claim (a BullMQ job id), unless another live sync holds the
 * connector: one whose claim is not ours and started less than `staleMinutes` ago. The same job,
 * retried or re-run after a crash, takes its claim back. 'gone' when the connector was deleted.
 */
export async function claimSync(
  db: Db,
  id: string,
  claim: string,
  staleMinutes: number,
): Promise<SyncClaim | 'busy' | 'gone'> {
  const claimed = await db
    .updateTable('connectors')
    .set({
      sync_status: 'running',
      sync_started_at: sql<Date>`now()`,
      sync_finished_at: null,
      sync_claim: claim,
    })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('sync_status', '!=', 'running'),
        eb('sync_claim', '=', claim),
        eb('sync_claim', 'is', null),
        eb('sync_started_at', '<', sql<Date>`now() - make_interval(mins => ${staleMinutes})`),
      ]),
    )
    .returning(connectorColumns)
    .executeTakeFirst();
  if (!claimed) return (await findConnector(db, id)) ? 'busy' : 'gone';
  const space = await db
    .selectFrom('spaces')
    .select('owner_id')
    .where('id', '=', claimed.space_id)
    .executeTakeFirst();
  if (!space) return 'gone';
  return { connector: claimed, ownerId: space.owner_id };
}

export interface SyncResult {
  status: 'ok' | 'failed';
  /** Documents stored by this sync; null keeps the last count (a failed sync removed nothing). */
  documents: number | null;
  skipped: number;
  error: string | null;
}

/** Records how the sync ended; only the claim holder may (a sync that lost its claim changes nothing). */
export async function finishSync(db: Db, id: string, claim: string, result: SyncResult): Promise<void> {
  await db
    .updateTable('connectors')
    .set({
      sync_status: result.status,
      sync_finished_at: sql<Date>`now()`,
      ...(result.documents === null ? {} : { sync_documents: result.documents }),
      sync_skipped: result.skipped,
      sync_error: result.error === null ? null : result.error.slice(0, 1_000),
      sync_claim: null,
    })
    .where('id', '=', id)
    .where('sync_claim', '=', claim)
    .execute();
}

export async function connectorExists(db: Db, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('connectors').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

export async function recordDocument(
  db: Db,
  connectorId: string,
  document: { sourceKey: string; url: string; name: string },
): Promise<void> {
  await db
    .insertInto('connector_documents')
    .values({
      connector_id: connectorId,
      source_key: document.sourceKey,
      url: document.url,
      name: document.name,
    })
    .onConflict((conflict) =>
      conflict.columns(['connector_id', 'source_key']).doUpdateSet({
        url: document.url,
        name: document.name,
        synced_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export function recordedKeys(db: Db, connectorId: string): Promise<{ source_key: string }[]> {
  return db
    .selectFrom('connector_documents')
    .select('source_key')
    .where('connector_id', '=', connectorId)
    .execute();
}

export async function forgetDocument(db: Db, connectorId: string, sourceKey: string): Promise<void> {
  await db
    .deleteFrom('connector_documents')
    .where('connector_id', '=', connectorId)
    .where('source_key', '=', sourceKey)
    .execute();
}
