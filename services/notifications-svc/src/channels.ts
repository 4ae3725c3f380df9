import type { NotificationsConfig } from './config.ts';
import type { Channels } from './deps.ts';
import { createEmailSender } from './email/email-sender.ts';
import { createUserDirectory } from './email/user-directory.ts';
import { createPushSender } from './push/push-sender.ts';

/** Push and email as configured (null when not), and where email addresses come from. */
export function createChannels(config: NotificationsConfig): Channels {
  const push = createPushSender(config);
  const email = createEmailSender(config);
  return {
    push,
    email,
    users: createUserDirectory({ baseUrl: config.AUTH_SERVICE_URL, serviceToken: config.SERVICE_TOKEN }),
    async close() {
      await Promise.all([push?.close(), email?.close()]);
    },
  };
}
