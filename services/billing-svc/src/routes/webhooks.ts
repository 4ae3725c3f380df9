import { ApiError } from '@perplexica/errors';
import { clientIp, jsonBody } from '@perplexica/http';
import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { reconcilePayment } from '../payments/reconcile-payment.ts';
import { findRefundByYooKassaId } from '../refunds/refund-repository.ts';
import { settleRefund } from '../refunds/settle-refund.ts';
import { notificationInput } from '../wire-schemas.ts';
import { gatewayApiError } from '../yookassa/gateway.ts';
import { webhookSourceMatcher } from '../yookassa/webhook-sources.ts';
import { requireYooKassa } from './require-yookassa.ts';

/**
 * YooKassa's notifications (no user token: YooKassa signs nothing either). The body is never
 * trusted: it only names an object, which is fetched from YooKassa's API, and what the API says is
 * what is acted on. So a forged notification (an unknown id, or "succeeded" for a payment the API
 * calls pending) changes nothing, and a repeated one finds nothing left to do.
 *
 * Answers: 200 `{received: true}` for every well-formed notification, acted on or not (unknown
 * events, unknown ids: YooKassa would otherwise retry them for a day, and a forger learns nothing);
 * 400 for a body that is not a notification; 502 when YooKassa's API could not be asked, so that
 * YooKassa delivers it again later.
 */
export function webhookRoutes(ctx: BillingContext): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();
  const fromYooKassa = webhookSourceMatcher(ctx.config.YOOKASSA_WEBHOOK_SOURCES);

  app.post('/yookassa', requireYooKassa(ctx.yookassa), async (c) => {
    if (ctx.config.YOOKASSA_WEBHOOK_IP_CHECK && !fromYooKassa(clientIp(c, ctx.config.TRUST_PROXY))) {
      throw new ApiError('forbidden', "Notifications are accepted from YooKassa's published addresses only");
    }
    const { event, object } = await jsonBody(c, notificationInput);
    const logger = c.get('logger');
    let outcome = 'ignored';
    try {
      if (event.startsWith('payment.')) {
        const remote = await ctx.yookassa.getPayment(object.id);
        outcome = remote ? (await reconcilePayment(ctx, remote)).outcome : 'unknown';
      } else if (event.startsWith('refund.')) {
        const remote = await ctx.yookassa.getRefund(object.id);
        const local = remote ? await findRefundByYooKassaId(ctx.db, remote.id) : undefined;
        outcome = remote && local ? (await settleRefund(ctx, local.id, remote)).outcome : 'unknown';
      }
    } catch (error) {
      logger.warn({ err: error, event }, 'could not verify a YooKassa notification');
      throw gatewayApiError(error);
    }
    logger.info({ event, objectId: object.id, outcome }, 'YooKassa notification');
    return c.json({ received: true });
  });

  return app;
}
