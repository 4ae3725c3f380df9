import { randomUUID } from 'node:crypto';
import { ApiError } from '@perplexica/errors';
import type { Kysely } from 'kysely';
import type { NotificationsConfig } from './config.ts';
import type { NotificationsDatabase } from './db/schema.ts';
import { type DeliveryQueue, enqueueDelivery } from './delivery/delivery-queue.ts';
import { switchesFor } from './preferences/preference-repository.ts';
import type { NotifyInput } from './wire-schemas.ts';

export interface IngestContext {
  config: NotificationsConfig;
  db: Kysely<NotificationsDatabase>;
  queue: DeliveryQueue;
}

/**
 * Takes one event in, once: the row is keyed by (user_id, event_id), so the same event again is
 * answered as a duplicate and stored and sent nothing more. The user's preferences for the kind
 * are read now and kept on the row, so the job sends where they pointed when the event happened.
 * A duplicate whose delivery never finished is queued again: the first call may have stored the
 * row and died before queuing (the caller retries, and the ledger prevents a second send).
 */
export async function ingestNotification(
  ctx: IngestContext,
  input: NotifyInput,
): Promise<{ id: string; duplicate: boolean }> {
  const switches = await switchesFor(ctx.db, input.userId, input.kind);
  const sends = switches.push || switches.email;
  const inserted = await ctx.db
    .insertInto('notifications')
    .values({
      id: randomUUID(),
      user_id: input.userId,
      org_id: input.orgId,
      event_id: input.eventId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      url: input.url,
      in_app: switches.in_app,
      send_push: switches.push,
      send_email: switches.email,
      // Nothing to send: done as it is stored.
      dispatched_at: sends ? null : new Date(),
    })
    .onConflict((conflict) => conflict.columns(['user_id', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    if (sends) await queueDelivery(ctx, inserted.id);
    return { id: inserted.id, duplicate: false };
  }
  const existing = await ctx.db
    .selectFrom('notifications')
    .select(['id', 'dispatched_at'])
    .where('user_id', '=', input.userId)
    .where('event_id', '=', input.eventId)
    .executeTakeFirstOrThrow();
  if (existing.dispatched_at === null) await queueDelivery(ctx, existing.id);
  return { id: existing.id, duplicate: true };
}

async function queueDelivery(ctx: IngestContext, notificationId: string): Promise<void> {
  try {
    await enqueueDelivery(ctx.queue, ctx.config, notificationId);
  } catch (error) {
    // Stored but not queued: the caller retries with the same eventId, which queues it then.
    throw new ApiError('unavailable', 'The delivery queue is unavailable; retry with the same eventId', {
      cause: error,
      headers: { 'retry-after': '5' },
    });
  }
}
