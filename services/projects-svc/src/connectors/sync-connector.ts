import { createHash } from 'node:crypto';
import { UpstreamError } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { UploadClient } from '../clients/upload-client.ts';
import type { ConnectorRow } from '../db/schema.ts';
import type { Db } from '../spaces/space-repository.ts';
import { type Connector, type ConnectorTools, SourceError, type SourceListing } from './connector.ts';
import {
  claimSync,
  connectorExists,
  finishSync,
  forgetDocument,
  recordDocument,
  recordedKeys,
  type SyncResult,
} from './connector-repository.ts';

export interface SyncDeps {
  db: Db;
  connectors: Record<string, Connector>;
  tools: ConnectorTools;
  upload: UploadClient;
  logger: Logger;
  staleMinutes: number;
}

export type SyncOutcome = 'ok' | 'failed' | 'busy' | 'gone';

/** upload-svc keys are at most 1000 characters; a longer item key is hashed. */
const MAX_SOURCE_KEY = 1_000;

/** The key of an item in upload-svc: unique per space, stable across syncs. */
export function sourceKeyOf(connectorId: string, itemKey: string): string {
  const key = `${connectorId}:${itemKey}`;
  if (key.length <= MAX_SOURCE_KEY) return key;
  return `${connectorId}:sha256:${createHash('sha256').update(itemKey).digest('hex')}`;
}

/** The connector (or its space) was deleted while it synced: stop, nothing to record. */
class ConnectorGone extends Error {}

/** Statuses upload-svc answers for a document it will not take (too big, malformed): skip that one. */
const refusedDocument = (error: unknown) =>
  error instanceof UpstreamError &&
  error.status !== null &&
  error.status >= 400 &&
  error.status < 500 &&
  error.status !== 408 &&
  error.status !== 429;

function describeTransient(error: unknown): string {
  if (error instanceof UpstreamError) {
    return error.kind === 'status'
      ? `${error.service} answered ${error.status}`
      : `${error.service} is unreachable or slow (${error.kind})`;
  }
  return (error as Error).message ?? String(error);
}

const trimName = (name: string, fallback: string) => (name.trim() || fallback).slice(0, 255);

/**
 * Pushes what the source has to upload-svc and removes what it no longer has. Documents the source
 * lists but could not serve this time are kept; when the listing is incomplete nothing is removed.
 */
async function applyListing(
  deps: SyncDeps,
  connector: ConnectorRow,
  ownerId: string,
  listing: SourceListing,
): Promise<SyncResult> {
  const skipped = listing.unreadable.map((item) => ({ url: item.url, reason: item.reason }));
  let stored = 0;
  for (const [index, document] of listing.documents.entries()) {
    if (index % 20 === 0 && !(await connectorExists(deps.db, connector.id))) throw new ConnectorGone();
    const sourceKey = sourceKeyOf(connector.id, document.key);
    const name = trimName(document.name, document.url);
    if (!document.content.trim()) {
      skipped.push({ url: document.url, reason: 'it has no text' });
      continue;
    }
    try {
      await deps.upload.putDocument({
        spaceId: connector.space_id,
        ownerId,
        sourceKey,
        name,
        url: document.url,
        mediaType: document.mediaType,
        content: document.content,
      });
    } catch (error) {
      if (!refusedDocument(error)) throw error;
      const message = ((error as UpstreamError).body as { error?: { message?: string } } | null)?.error
        ?.message;
      skipped.push({
        url: document.url,
        reason: `upload-svc refused it (${message ?? (error as Error).message})`,
      });
      continue;
    }
    await recordDocument(deps.db, connector.id, { sourceKey, url: document.url, name });
    stored += 1;
  }

  if (listing.complete) {
    const listed = new Set(
      [...listing.documents, ...listing.unreadable].map((item) => sourceKeyOf(connector.id, item.key)),
    );
    for (const { source_key } of await recordedKeys(deps.db, connector.id)) {
      if (listed.has(source_key)) continue;
      await deps.upload.deleteDocument(connector.space_id, source_key);
      await forgetDocument(deps.db, connector.id, source_key);
    }
  }

  const first = skipped[0];
  const total = listing.documents.length + listing.unreadable.length;
  if (first && stored === 0) {
    return {
      status: 'failed',
      documents: 0,
      skipped: skipped.length,
      error: `None of the ${total} items could be read; ${first.url}: ${first.reason}`,
    };
  }
  return {
    status: 'ok',
    documents: stored,
    skipped: skipped.length,
    error: first ? `${skipped.length} of ${total} items skipped; ${first.url}: ${first.reason}` : null,
  };
}

/**
 * One sync of one connector under `claim` (the BullMQ job id): list the source, push, remove,
 * record. A failing source is recorded as failed with its reason and returns normally (the next
 * scheduled run tries again); trouble with our own services is recorded and thrown, so the queue
 * retries with backoff. 'busy' when another sync of the connector is running.
 */
export async function syncConnector(
  deps: SyncDeps,
  connectorId: string,
  claim: string,
): Promise<SyncOutcome> {
  const claimed = await claimSync(deps.db, connectorId, claim, deps.staleMinutes);
  if (claimed === 'busy' || claimed === 'gone') return claimed;
  const { connector, ownerId } = claimed;
  const log = deps.logger.child({ connectorId, spaceId: connector.space_id, type: connector.type });
  const type = deps.connectors[connector.type];
  try {
    if (!type) throw new SourceError(`Connectors of type "${connector.type}" are not supported any more`);
    const listing = await type.listDocuments({ id: connector.id, url: connector.url }, deps.tools);
    const result = await applyListing(deps, connector, ownerId, listing);
    await finishSync(deps.db, connector.id, claim, result);
    log.info(
      { status: result.status, documents: result.documents, skipped: result.skipped },
      'connector synced',
    );
    return result.status;
  } catch (error) {
    if (error instanceof ConnectorGone) return 'gone';
    if (error instanceof SourceError) {
      await finishSync(deps.db, connector.id, claim, {
        status: 'failed',
        documents: null,
        skipped: 0,
        error: error.message,
      });
      log.info({ reason: error.message }, 'connector source failed');
      return 'failed';
    }
    await finishSync(deps.db, connector.id, claim, {
      status: 'failed',
      documents: null,
      skipped: 0,
      error: `Temporary problem: ${describeTransient(error)}; retrying`,
    });
    log.warn({ err: error }, 'connector sync failed; the queue retries it');
    throw error;
  }
}

/** Removes a deleted connector's documents from upload-svc (already-gone ones count as removed). */
export async function purgeDocuments(
  upload: UploadClient,
  job: { spaceId: string; sourceKeys: string[] },
): Promise<number> {
  let removed = 0;
  for (const sourceKey of job.sourceKeys) {
    if (await upload.deleteDocument(job.spaceId, sourceKey)) removed += 1;
  }
  return removed;
}
