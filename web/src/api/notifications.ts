import { useSyncExternalStore } from 'react';
import { api } from './client.ts';
import { ApiFailure } from './errors.ts';

export const notificationKinds = ['task_result', 'reminder', 'billing', 'security'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const channels = ['in_app', 'push', 'email'] as const;
export type Channel = (typeof channels)[number];
export type ChannelSwitches = Record<Channel, boolean>;
export type Preferences = Record<NotificationKind, ChannelSwitches>;
export type ChannelAvailability = Record<Channel, 'available' | 'not_configured'>;

/** One entry of the in-app inbox, as notifications-svc lists it. */
export interface AppNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Where a click leads: a path of this app ("/search/…") or an https URL. */
  url: string | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export const kindWords: Record<NotificationKind, { label: string; hint: string }> = {
  task_result: { label: 'Task results', hint: 'A scheduled question was answered' },
  reminder: { label: 'Reminders', hint: 'A reminder you set is due' },
  billing: { label: 'Billing', hint: 'Payments and your plan' },
  security: { label: 'Security', hint: 'New sign-ins and account changes' },
};

export const channelWords: Record<Channel, string> = {
  in_app: 'In the app',
  push: 'Push',
  email: 'Email',
};

const base = '/api/v1/notifications';

export const notifications = {
  list: (options: { unreadOnly?: boolean; cursor?: string | null } = {}) => {
    const query = new URLSearchParams({ limit: '20' });
    if (options.unreadOnly) query.set('unread', 'true');
    if (options.cursor) query.set('cursor', options.cursor);
    return api<{ notifications: AppNotification[]; nextCursor: string | null }>(`${base}?${query}`);
  },
  unreadCount: () => api<{ unread: number }>(`${base}/unread-count`),
  markRead: (id: string) => api<{ notification: AppNotification }>(`${base}/${id}/read`, { method: 'POST' }),
  markAllRead: () => api<{ marked: number }>(`${base}/read-all`, { method: 'POST' }),
  remove: (id: string) => api<void>(`${base}/${id}`, { method: 'DELETE' }),
  preferences: () => api<{ preferences: Preferences; channels: ChannelAvailability }>(`${base}/preferences`),
  setPreferences: (changes: Partial<Record<NotificationKind, Partial<ChannelSwitches>>>) =>
    api<{ preferences: Preferences; channels: ChannelAvailability }>(`${base}/preferences`, {
      method: 'PUT',
      body: { preferences: changes },
    }),
  pushKey: () => api<{ publicKey: string }>(`${base}/push/key`),
  subscribe: (subscription: PushSubscriptionJSON) =>
    api<{ subscription: { id: string } }>(`${base}/push/subscriptions`, { body: subscription }),
  unsubscribe: (endpoint: string) => api<void>(`${base}/push/unsubscribe`, { body: { endpoint } }),
};

/* --- the unread count, shared by the bell and the pages that change it --- */

let unread: number | null = null;
let lastAsked = 0;
const listeners = new Set<() => void>();
const announce = () => {
  for (const listener of listeners) listener();
};

export const unreadCount = {
  get: () => unread,
  /** Set from an answer that already says it (the inbox after "mark all read"). */
  set(value: number) {
    unread = Math.max(0, value);
    announce();
  },
  /** One fewer, when one unread notification was read or deleted here. */
  decrement() {
    if (unread !== null) unreadCount.set(unread - 1);
  },
  /** Asks notifications-svc; `minAgeMs` skips asking when it was asked that recently. */
  async refresh(minAgeMs = 0): Promise<void> {
    if (Date.now() - lastAsked < minAgeMs) return;
    lastAsked = Date.now();
    try {
      unreadCount.set((await notifications.unreadCount()).unread);
    } catch {
      // The bell keeps its last number; the inbox page says what failed.
    }
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Forgets the count (signing out: the next user's bell starts empty). */
  reset() {
    unread = null;
    lastAsked = 0;
    announce();
  },
};

/** The unread count (null until known), re-rendering when it changes. */
export function useUnreadCount(): number | null {
  return useSyncExternalStore(unreadCount.subscribe, unreadCount.get);
}

/* --- Web Push on this browser --- */

export const pushWorkerPath = '/push-sw.js';

/** What this browser can do about push, before asking anything of the server. */
export type PushSupport = 'supported' | 'unsupported' | 'insecure';

export function pushSupport(): PushSupport {
  if (!window.isSecureContext) return 'insecure';
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return 'unsupported';
  }
  return 'supported';
}

/** VAPID's base64url public key as the bytes `PushManager.subscribe` takes. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = `${base64url}${'='.repeat((4 - (base64url.length % 4)) % 4)}`
    .replaceAll('-', '+')
    .replaceAll('_', '/');
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** This browser's current push subscription for the app, if any (without registering a worker). */
export async function currentPushSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() !== 'supported') return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Why push cannot be turned on, in words (a refused permission is the person's own choice). */
export class PushRefused extends Error {}

/**
 * Turns push on for this browser: the key first (503 `not_configured` stops here, before any
 * permission prompt), then permission, the service worker, the subscription, and the server's
 * record of it.
 */
export async function enablePush(): Promise<void> {
  const { publicKey } = await notifications.pushKey();
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    throw new PushRefused(
      permission === 'denied'
        ? 'This browser blocks notifications from Perplexica. Allow them in the site settings, then try again.'
        : 'Notifications were not allowed. Try again and choose Allow.',
    );
  }
  const registration = await navigator.serviceWorker.register(pushWorkerPath, { scope: '/' });
  await navigator.serviceWorker.ready;
  const key = applicationServerKey(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another server key (the operator rotated VAPID keys) cannot receive.
  const heldKey = subscription?.options.applicationServerKey;
  if (subscription && heldKey && !sameBytes(new Uint8Array(heldKey), key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  await notifications.subscribe(subscription.toJSON());
}

/** Turns push off for this browser: the browser's subscription and the server's record. */
export async function disablePush(): Promise<void> {
  const subscription = await currentPushSubscription();
  if (!subscription) return;
  const { endpoint } = subscription;
  await subscription.unsubscribe();
  try {
    await notifications.unsubscribe(endpoint);
  } catch (error) {
    // Already gone on the server (another account, or the service dropped it): off is off.
    if (!(error instanceof ApiFailure && error.status === 404)) throw error;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
