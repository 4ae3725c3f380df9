import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pageCursor, pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ChatConfig } from '../config.ts';
import type { DeliveryRow, WebhookRow } from '../db/schema.ts';
import type { ChatEnv } from '../deps.ts';
import type { WebhookRepository } from '../webhooks/webhook-repository.ts';
import { newWebhookSecret } from '../webhooks/webhook-signature.ts';
import { MAX_URL_CHARS, webhookUrlProblem } from '../webhooks/webhook-url.ts';

/** What the /api/v1/webhooks routes need. */
export interface WebhooksContext {
  config: ChatConfig;
  webhooks: WebhookRepository;
}

export const webhookEvents = ['task.run', 'answer.quality'] as const;

const idPath = z.object({ id: z.uuid() });
const deliveriesCursor = pageCursor(z.object({ createdAt: z.iso.datetime(), id: z.uuid() }));
const deliveriesQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

function bodySchemas(allowInsecure: boolean) {
  const url = z
    .string()
    .trim()
    .max(MAX_URL_CHARS)
    .superRefine((value, ctx) => {
      const problem = webhookUrlProblem(value, allowInsecure);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
  // Each event once, whatever the client sent.
  const events = z
    .array(z.enum(webhookEvents))
    .min(1, 'subscribe to at least one event')
    .max(webhookEvents.length * 4)
    .transform((list) => [...new Set(list)]);
  const description = z.string().trim().max(500);
  const create = z.strictObject({ url, events, description: description.optional() });
  const edit = z
    .strictObject({
      url: url.optional(),
      events: events.optional(),
      description: description.nullable().optional(),
      active: z.boolean().optional(),
    })
    .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
  return { create, edit };
}

/** A webhook as its owner sees it: never its secret, which is shown once when made or rotated. */
function webhookView(webhook: WebhookRow) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
    active: webhook.active,
    createdAt: webhook.created_at.toISOString(),
    updatedAt: webhook.updated_at.toISOString(),
  };
}

function deliveryView(delivery: DeliveryRow) {
  return {
    id: delivery.id,
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts,
    responseStatus: delivery.response_status,
    responseExcerpt: delivery.response_excerpt,
    error: delivery.error,
    createdAt: delivery.created_at.toISOString(),
    lastAttemptAt: delivery.last_attempt_at?.toISOString() ?? null,
    finishedAt: delivery.finished_at?.toISOString() ?? null,
  };
}

/**
 * /api/v1/webhooks: the signed-in user's HTTPS endpoints for task results and quality answers,
 * and each one's delivery log. Another user's webhook reads as absent (404).
 */
export function webhookRoutes(ctx: WebhooksContext): Hono<ChatEnv> {
  const app = new Hono<ChatEnv>();
  const { webhooks, config } = ctx;
  const schemas = bodySchemas(config.WEBHOOKS_ALLOW_INSECURE);

  const owned = async (id: string, userId: string) => {
    const webhook = await webhooks.findOwned(id, userId);
    if (!webhook) throw notFound('Webhook');
    return webhook;
  };

  app.get('/', async (c) => {
    const user = currentUser(c);
    return c.json({ webhooks: (await webhooks.listOwnedBy(user.id)).map(webhookView) });
  });

  app.post('/', async (c) => {
    const user = currentUser(c);
    const body = await jsonBody(c, schemas.create);
    if ((await webhooks.countOwnedBy(user.id)) >= config.WEBHOOKS_MAX_PER_USER) {
      throw new ApiError(
        'conflict',
        `You have ${config.WEBHOOKS_MAX_PER_USER} webhooks, the most allowed; delete one first`,
      );
    }
    const secret = newWebhookSecret();
    const created = await webhooks.create({
      userId: user.id,
      orgId: user.orgId,
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      secret,
    });
    return c.json({ webhook: webhookView(created), secret }, 201);
  });

  app.get('/:id', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    return c.json({ webhook: webhookView(await owned(id, user.id)) });
  });

  app.patch('/:id', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const body = await jsonBody(c, schemas.edit);
    const changed = await webhooks.update(id, user.id, body);
    if (!changed) throw notFound('Webhook');
    return c.json({ webhook: webhookView(changed) });
  });

  // The old secret stops working at once: deliveries from now on are signed with the new one.
  app.post('/:id/rotate-secret', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const secret = newWebhookSecret();
    const rotated = await webhooks.setSecret(id, user.id, secret);
    if (!rotated) throw notFound('Webhook');
    return c.json({ webhook: webhookView(rotated), secret });
  });

  app.delete('/:id', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    if (!(await webhooks.remove(id, user.id))) throw notFound('Webhook');
    return c.body(null, 204);
  });

  app.get('/:id/deliveries', async (c) => {
    const user = currentUser(c);
    const { id } = pathParams(c, idPath);
    const { cursor, limit } = queryParams(c, deliveriesQuery);
    const webhook = await owned(id, user.id);
    const rows = await webhooks.listDeliveries(
      webhook.id,
      limit + 1,
      cursor ? deliveriesCursor.decode(cursor) : undefined,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      deliveries: page.map(deliveryView),
      nextCursor:
        rows.length > limit && last
          ? deliveriesCursor.encode({ createdAt: last.created_at.toISOString(), id: last.id })
          : null,
    });
  });

  return app;
}
