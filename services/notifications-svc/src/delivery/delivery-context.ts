import type { NotificationsDeps } from '../deps.ts';
import type { DeliveryContext } from './deliver-notification.ts';

/** What the worker and the routes share, from the deps. */
export function deliveryContext(deps: NotificationsDeps): DeliveryContext {
  return {
    config: deps.config,
    logger: deps.logger,
    db: deps.database.db,
    push: deps.channels.push,
    email: deps.channels.email,
    users: deps.channels.users,
  };
}
