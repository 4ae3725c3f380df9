import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NotificationKind } from '../kinds.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

/** One notification of one user: the inbox row, and the record that its event was taken in once. */
export interface NotificationsTable {
  id: string;
  /** auth-svc's user id; every query of a user's data is scoped by it. */
  user_id: string;
  org_id: string | null;
  /** The caller's idempotency key: unique per user, so a repeated event is stored (and sent) once. */
  event_id: string;
  kind: NotificationKind;
  /** Emptied when the user deletes the notification; the row stays so the event stays deduplicated. */
  title: string;
  body: string;
  url: string | null;
  /** Whether it shows in the inbox (the in_app preference when it came in). */
  in_app: boolean;
  /** The channels chosen when it came in, so a retried job sends where the first try would have. */
  send_push: boolean;
  send_email: boolean;
  /** Millisecond precision (timestamptz(3)), so a page cursor carries it exactly. */
  created_at: CreatedAt;
  read_at: Date | null;
  deleted_at: Date | null;
  /** Set once the delivery job finished every channel (sent, skipped or given up). */
  dispatched_at: Date | null;
}

/** A browser's push subscription (RFC 8030 endpoint and RFC 8291 keys), owned by one user. */
export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url, as the page sent them. */
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PreferencesTable {
  user_id: string;
  kind: NotificationKind;
  in_app: boolean;
  push: boolean;
  email: boolean;
  updated_at: UpdatedAt;
}

export type DeliveryChannel = 'push' | 'email';
/**
 * pending: claimed, not known to have arrived (a try failed, or the worker died mid-send);
 * sent; gone: the push service said the subscription no longer exists (it was dropped);
 * failed: a permanent refusal, or every try used up. Only pending is ever tried again.
 */
export type DeliveryStatus = 'pending' | 'sent' | 'gone' | 'failed';

/** One notification × channel × target (a subscription id, an email address): sent at most once. */
export interface DeliveriesTable {
  notification_id: string;
  channel: DeliveryChannel;
  target: string;
  status: DeliveryStatus;
  tries: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NotificationsDatabase {
  notifications: NotificationsTable;
  push_subscriptions: PushSubscriptionsTable;
  preferences: PreferencesTable;
  deliveries: DeliveriesTable;
}

export type NotificationRow = Selectable<NotificationsTable>;
export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;
