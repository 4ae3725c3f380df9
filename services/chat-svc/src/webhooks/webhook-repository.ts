import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { ChatDatabase, DeliveryRow, DeliveryStatus, WebhookEvent, WebhookRow } from '../db/schema.ts';

export interface NewWebhook {
  userId: string;
  orgId: string | null;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  secret: string;
}

export interface WebhookChanges {
  url?: string;
  events?: WebhookEvent[];
  description?: string | null;
  active?: boolean;
}

export interface NewDelivery {
  webhookId: string;
  event: WebhookEvent;
  eventKey: string;
  /** Builds the JSON body with the delivery's id (used only when the delivery is new). */
  body: (deliveryId: string) => string;
}

/** A delivery with what sending it needs from its webhook. */
export type DeliveryToSend = DeliveryRow & { url: string; secret: string; active: boolean };

export interface AttemptRecord {
  status: DeliveryStatus;
  responseStatus: number | null;
  responseExcerpt: string | null;
  error: string | null;
}

/** A jsonb value from JSON text (the ::text cast keeps postgres.js from encoding it twice). */
const jsonb = (value: unknown) => sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;

/** Webhooks and their delivery log; every user-facing query is scoped by the owner. */
export function createWebhookRepository(db: Kysely<ChatDatabase>) {
  return {
    create(webhook: NewWebhook): Promise<WebhookRow> {
      return db
        .insertInto('webhooks')
        .values({
          id: randomUUID(),
          user_id: webhook.userId,
          org_id: webhook.orgId,
          url: webhook.url,
          events: jsonb(webhook.events),
          description: webhook.description,
          secret: webhook.secret,
          active: true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    countOwnedBy(userId: string): Promise<number> {
      return db
        .selectFrom('webhooks')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.count));
    },

    listOwnedBy(userId: string): Promise<WebhookRow[]> {
      return db
        .selectFrom('webhooks')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    findOwned(id: string, userId: string): Promise<WebhookRow | undefined> {
      return db
        .selectFrom('webhooks')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    update(id: string, userId: string, changes: WebhookChanges): Promise<WebhookRow | undefined> {
      return db
        .updateTable('webhooks')
        .set({
          ...(changes.url !== undefined ? { url: changes.url } : {}),
          ...(changes.events !== undefined ? { events: jsonb(changes.events) } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.active !== undefined ? { active: changes.active } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirst();
    },

    setSecret(id: string, userId: string, secret: string): Promise<WebhookRow | undefined> {
      return db
        .updateTable('webhooks')
        .set({ secret, updated_at: new Date() })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirst();
    },

    async remove(id: string, userId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('webhooks')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** The owner's active webhooks that take this event. */
    async subscribedTo(userId: string, event: WebhookEvent): Promise<WebhookRow[]> {
      return db
        .selectFrom('webhooks')
        .selectAll()
        .where('user_id', '=', userId)
        .where('active', '=', true)
        .where(sql<boolean>`events @> ${jsonb([event])}`)
        .execute();
    },

    /**
     * The delivery of one happening to one webhook: made the first time, found again when the
     * same happening is reported twice (a retried task run), so it is sent once.
     */
    async deliveryFor(delivery: NewDelivery): Promise<DeliveryRow> {
      const id = randomUUID();
      await db
        .insertInto('webhook_deliveries')
        .values({
          id,
          webhook_id: delivery.webhookId,
          event: delivery.event,
          event_key: delivery.eventKey,
          body: delivery.body(id),
          status: 'pending',
          response_status: null,
          response_excerpt: null,
          error: null,
          last_attempt_at: null,
          finished_at: null,
        })
        .onConflict((oc) => oc.columns(['webhook_id', 'event_key']).doNothing())
        .execute();
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', delivery.webhookId)
        .where('event_key', '=', delivery.eventKey)
        .executeTakeFirstOrThrow();
    },

    /** For the worker: the delivery with its webhook's URL and secret (none once the webhook is gone). */
    findToSend(deliveryId: string): Promise<DeliveryToSend | undefined> {
      return db
        .selectFrom('webhook_deliveries')
        .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
        .selectAll('webhook_deliveries')
        .select(['webhooks.url', 'webhooks.secret', 'webhooks.active'])
        .where('webhook_deliveries.id', '=', deliveryId)
        .executeTakeFirst();
    },

    async recordAttempt(deliveryId: string, attempt: AttemptRecord): Promise<void> {
      const finished = attempt.status === 'delivered' || attempt.status === 'failed';
      await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: attempt.status,
          attempts: eb('attempts', '+', 1),
          response_status: attempt.responseStatus,
          response_excerpt: attempt.responseExcerpt,
          error: attempt.error,
          last_attempt_at: new Date(),
          ...(finished ? { finished_at: new Date() } : {}),
        }))
        .where('id', '=', deliveryId)
        .execute();
    },

    /** Closes a delivery that cannot be attempted (its webhook was turned off), without an attempt. */
    async abandon(deliveryId: string, reason: string): Promise<void> {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'failed', error: reason, finished_at: new Date() })
        .where('id', '=', deliveryId)
        .execute();
    },

    /** Newest first, after the (created_at, id) the previous page ended at. */
    listDeliveries(
      webhookId: string,
      limit: number,
      after?: { createdAt: string; id: string },
    ): Promise<DeliveryRow[]> {
      let query = db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', new Date(after.createdAt)),
            eb.and([eb('created_at', '=', new Date(after.createdAt)), eb('id', '<', after.id)]),
          ]),
        );
      }
      return query.execute();
    },
  };
}

export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
