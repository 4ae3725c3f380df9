import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { NotificationsContext, NotificationsEnv } from '../deps.ts';
import type { PushSender } from '../push/push-sender.ts';
import {
  deleteSubscription,
  deleteSubscriptionByEndpoint,
  listSubscriptions,
  saveSubscription,
} from '../push/subscription-repository.ts';
import { subscriptionView } from '../views.ts';
import { idPath, subscriptionInput, unsubscribeInput } from '../wire-schemas.ts';

const notConfigured = () =>
  new ApiError('not_configured', 'Web push is not configured on this server (VAPID keys are missing)');

/** The browsers a user receives push notifications on. */
export function pushRoutes(ctx: NotificationsContext): Hono<NotificationsEnv> {
  const app = new Hono<NotificationsEnv>();
  const subscription = subscriptionInput(ctx.config.PUSH_ALLOW_INSECURE_ENDPOINTS);
  const configured = (): PushSender => {
    if (!ctx.push) throw notConfigured();
    return ctx.push;
  };

  /** The applicationServerKey for PushManager.subscribe(). */
  app.get('/key', (c) => c.json({ publicKey: configured().publicKey }));

  app.get('/subscriptions', async (c) => {
    const rows = await listSubscriptions(ctx.db, currentUser(c).id);
    return c.json({ subscriptions: rows.map(subscriptionView) });
  });

  app.post('/subscriptions', async (c) => {
    configured();
    const { endpoint, keys } = await jsonBody(c, subscription);
    const saved = await saveSubscription(
      ctx.db,
      currentUser(c).id,
      {
        endpoint,
        p256dh: keys.p256dh,
        auth: keys.auth,
        userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
      },
      ctx.config.PUSH_MAX_SUBSCRIPTIONS_PER_USER,
    );
    return c.json({ subscription: subscriptionView(saved.subscription) }, saved.created ? 201 : 200);
  });

  /** What a page calls after PushSubscription.unsubscribe(): it knows the endpoint, not our id. */
  app.post('/unsubscribe', async (c) => {
    const { endpoint } = await jsonBody(c, unsubscribeInput);
    if (!(await deleteSubscriptionByEndpoint(ctx.db, currentUser(c).id, endpoint))) {
      throw notFound('Subscription');
    }
    return c.body(null, 204);
  });

  app.delete('/subscriptions/:id', async (c) => {
    const { id } = pathParams(c, idPath);
    if (!(await deleteSubscription(ctx.db, currentUser(c).id, id))) throw notFound('Subscription');
    return c.body(null, 204);
  });

  return app;
}
