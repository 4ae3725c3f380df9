/** What a notification is about; each kind has its own channel preferences. */
export const notificationKinds = ['task_result', 'reminder', 'billing', 'security'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const channels = ['in_app', 'push', 'email'] as const;
export type Channel = (typeof channels)[number];

export type ChannelSwitches = Record<Channel, boolean>;

/**
 * What a user who never chose gets. In-app and push for everything (push only reaches browsers
 * the user subscribed, which is already a choice); email only where missing a message costs
 * something: billing (a failed payment) and security (a new sign-in), not every task run.
 */
export const defaultPreferences: Readonly<Record<NotificationKind, Readonly<ChannelSwitches>>> = {
  task_result: { in_app: true, push: true, email: false },
  reminder: { in_app: true, push: true, email: false },
  billing: { in_app: true, push: true, email: true },
  security: { in_app: true, push: true, email: true },
};

/** How a kind reads in an email ("You get task result emails because …"). */
export const kindLabels: Record<NotificationKind, string> = {
  task_result: 'task result',
  reminder: 'reminder',
  billing: 'billing',
  security: 'security',
};
