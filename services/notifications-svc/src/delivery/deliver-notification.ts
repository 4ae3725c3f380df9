import type { Logger } from '@perplexica/observability';
import type { Kysely } from 'kysely';
import type { NotificationsConfig } from '../config.ts';
import type { NotificationRow, NotificationsDatabase } from '../db/schema.ts';
import type { EmailSender } from '../email/email-sender.ts';
import { renderEmail } from '../email/email-templates.ts';
import type { UserDirectory } from '../email/user-directory.ts';
import { pushPayload, pushTopic } from '../push/push-payload.ts';
import type { PushSender } from '../push/push-sender.ts';
import { dropSubscription, listSubscriptions } from '../push/subscription-repository.ts';
import { claimDelivery, type DeliveryKey, recordTry } from './delivery-ledger.ts';

/** What the delivery worker needs: the channels are null when not configured. */
export interface DeliveryContext {
  config: NotificationsConfig;
  logger: Logger;
  db: Kysely<NotificationsDatabase>;
  push: PushSender | null;
  email: EmailSender | null;
  users: UserDirectory;
}

/**
 * One target's result in this run. already: an earlier run settled it (nothing sent now);
 * not_configured: the channel has no keys or server; pending: a failure worth another try.
 */
export type TargetResult =
  | 'sent'
  | 'already'
  | 'gone'
  | 'failed'
  | 'pending'
  | 'not_configured'
  | 'unknown_user';

export interface DeliveryReport {
  /** nothing_to_do: deleted, unknown, or already dispatched by an earlier run. */
  outcome: 'dispatched' | 'nothing_to_do';
  push: TargetResult[];
  email: TargetResult | null;
}

/** Thrown to have BullMQ try the job again later (with backoff): some target is still pending. */
export class DeliveryIncomplete extends Error {
  constructor(notificationId: string, pending: number) {
    super(`notification ${notificationId}: ${pending} deliveries to try again`);
    this.name = 'DeliveryIncomplete';
  }
}

/**
 * Sends one notification on the channels chosen when it came in. Every target goes through the
 * ledger (claimDelivery before, recordTry after), so a job that runs again (a retry, a crash, a
 * duplicate job) sends only to the targets still pending. On the job's last attempt whatever is
 * still pending is recorded as failed instead of retried forever.
 */
export async function deliverNotification(
  ctx: DeliveryContext,
  notificationId: string,
  { lastAttempt }: { lastAttempt: boolean },
): Promise<DeliveryReport> {
  const row = await ctx.db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', notificationId)
    .executeTakeFirst();
  if (!row || row.deleted_at !== null || row.dispatched_at !== null) {
    return { outcome: 'nothing_to_do', push: [], email: null };
  }
  const push = row.send_push ? await deliverPush(ctx, row, lastAttempt) : [];
  const email = row.send_email ? await deliverEmail(ctx, row, lastAttempt) : null;
  const pending = [...push, email].filter((result) => result === 'pending').length;
  if (pending > 0) throw new DeliveryIncomplete(row.id, pending);
  await ctx.db
    .updateTable('notifications')
    .set({ dispatched_at: new Date() })
    .where('id', '=', row.id)
    .execute();
  return { outcome: 'dispatched', push, email };
}

/** A failure worth another try stays pending, except on the last attempt, where it is final. */
async function settleRetry(
  ctx: DeliveryContext,
  key: DeliveryKey,
  reason: string,
  lastAttempt: boolean,
): Promise<TargetResult> {
  await recordTry(ctx.db, key, lastAttempt ? 'failed' : 'pending', reason);
  ctx.logger.warn(
    { notificationId: key.notificationId, channel: key.channel, reason, lastAttempt },
    'delivery failed',
  );
  return lastAttempt ? 'failed' : 'pending';
}

async function deliverPush(
  ctx: DeliveryContext,
  row: NotificationRow,
  lastAttempt: boolean,
): Promise<TargetResult[]> {
  const sender = ctx.push;
  if (!sender) return ['not_configured'];
  const subscriptions = await listSubscriptions(ctx.db, row.user_id);
  const message = {
    payload: pushPayload(row),
    topic: pushTopic(row.id),
    urgency: row.kind === 'security' ? ('high' as const) : ('normal' as const),
  };
  return Promise.all(
    subscriptions.map(async (subscription): Promise<TargetResult> => {
      const key: DeliveryKey = { notificationId: row.id, channel: 'push', target: subscription.id };
      if (!(await claimDelivery(ctx.db, key))) return 'already';
      const outcome = await sender.send(subscription, message);
      switch (outcome.kind) {
        case 'sent':
          await recordTry(ctx.db, key, 'sent');
          return 'sent';
        case 'gone':
          // The browser unsubscribed or the subscription expired: never try it again.
          await dropSubscription(ctx.db, subscription.id);
          await recordTry(ctx.db, key, 'gone', `push service answered ${outcome.status}`);
          return 'gone';
        case 'rejected':
          await recordTry(ctx.db, key, 'failed', outcome.reason);
          ctx.logger.warn({ notificationId: row.id, reason: outcome.reason }, 'push refused for good');
          return 'failed';
        case 'retry':
          return settleRetry(ctx, key, outcome.reason, lastAttempt);
      }
    }),
  );
}

async function deliverEmail(
  ctx: DeliveryContext,
  row: NotificationRow,
  lastAttempt: boolean,
): Promise<TargetResult> {
  const sender = ctx.email;
  if (!sender) return 'not_configured';
  // Without an address there is nothing to key a delivery by: recorded under '-' once it is final.
  const noAddress: DeliveryKey = { notificationId: row.id, channel: 'email', target: '-' };
  let recipient: Awaited<ReturnType<UserDirectory['find']>>;
  try {
    recipient = await ctx.users.find(row.user_id);
  } catch (error) {
    const reason = `user lookup failed: ${(error as Error).message}`;
    ctx.logger.warn({ notificationId: row.id, channel: 'email', reason, lastAttempt }, 'delivery failed');
    if (!lastAttempt) return 'pending';
    await recordTry(ctx.db, noAddress, 'failed', reason);
    return 'failed';
  }
  if (!recipient) {
    await recordTry(ctx.db, noAddress, 'failed', 'auth-svc knows no such user');
    return 'unknown_user';
  }
  const key: DeliveryKey = {
    notificationId: row.id,
    channel: 'email',
    target: recipient.email.toLowerCase(),
  };
  if (!(await claimDelivery(ctx.db, key))) return 'already';
  const outcome = await sender.send(recipient.email, renderEmail(row, recipient, ctx.config.PUBLIC_APP_URL));
  switch (outcome.kind) {
    case 'sent':
      await recordTry(ctx.db, key, 'sent');
      return 'sent';
    case 'rejected':
      await recordTry(ctx.db, key, 'failed', outcome.reason);
      ctx.logger.warn({ notificationId: row.id, reason: outcome.reason }, 'email refused for good');
      return 'failed';
    case 'retry':
      return settleRetry(ctx, key, outcome.reason, lastAttempt);
  }
}
