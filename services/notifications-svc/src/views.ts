import type { NotificationRow, PushSubscriptionRow } from './db/schema.ts';

/** A notification as its owner sees it in the inbox. */
export function notificationView(row: NotificationRow) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    url: row.url,
    read: row.read_at !== null,
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** A subscribed browser, without its keys (the page never needs them back). */
export function subscriptionView(row: PushSubscriptionRow) {
  return {
    id: row.id,
    endpoint: row.endpoint,
    userAgent: row.user_agent,
    createdAt: row.created_at.toISOString(),
  };
}
