import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { describeError } from '../api/errors.ts';
import { type AppNotification, notifications, unreadCount, useUnreadCount } from '../api/notifications.ts';
import { NotificationItem } from '../components/notification-item.tsx';
import { FailureNotice } from '../components/setup-notice.tsx';
import '../styles/pages.css';
import '../styles/tasks-notifications.css';

interface Listing {
  items: AppNotification[];
  nextCursor: string | null;
}

/**
 * The in-app inbox (notifications-svc): newest first, page by page, all or unread only; open one
 * (it becomes read), mark read, mark all read, delete. The bell's count follows every change.
 */
export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const unread = useUnreadCount();

  // Again when the filter changes, or `attempt` on "Try again".
  useEffect(() => {
    let current = true;
    setListing(null);
    setError(null);
    notifications.list({ unreadOnly }).then(
      (page) => current && setListing({ items: page.notifications, nextCursor: page.nextCursor }),
      (failure: unknown) => current && setError(failure),
    );
    // Looking at the inbox is when the bell should be right.
    void unreadCount.refresh();
    return () => {
      current = false;
    };
  }, [unreadOnly, attempt]);

  const more = async () => {
    if (!listing?.nextCursor) return;
    setBusy(true);
    try {
      const page = await notifications.list({ unreadOnly, cursor: listing.nextCursor });
      const known = new Set(listing.items.map((item) => item.id));
      setListing({
        items: [...listing.items, ...page.notifications.filter((item) => !known.has(item.id))],
        nextCursor: page.nextCursor,
      });
    } catch (failure) {
      setActionError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const update = (id: string, change: (item: AppNotification) => AppNotification | null) =>
    setListing((before) =>
      before
        ? {
            ...before,
            items: before.items.flatMap((item) => {
              if (item.id !== id) return [item];
              const changed = change(item);
              return changed ? [changed] : [];
            }),
          }
        : before,
    );

  const markRead = async (notification: AppNotification) => {
    if (notification.read) return;
    setActionError(null);
    // Read at once on screen (the click may be leaving the page); the server's answer follows.
    update(notification.id, (item) => ({ ...item, read: true, readAt: new Date().toISOString() }));
    unreadCount.decrement();
    try {
      const { notification: saved } = await notifications.markRead(notification.id);
      update(notification.id, () => saved);
    } catch (failure) {
      update(notification.id, () => notification);
      void unreadCount.refresh();
      setActionError(describeError(failure));
    }
  };

  const remove = async (notification: AppNotification) => {
    setActionError(null);
    try {
      await notifications.remove(notification.id);
      update(notification.id, () => null);
      if (!notification.read) unreadCount.decrement();
      setNote('Notification deleted.');
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  const markAllRead = async () => {
    setActionError(null);
    setBusy(true);
    try {
      const { marked } = await notifications.markAllRead();
      unreadCount.set(0);
      const readAt = new Date().toISOString();
      setListing((before) =>
        before
          ? {
              nextCursor: unreadOnly ? null : before.nextCursor,
              items: unreadOnly
                ? []
                : before.items.map((item) => (item.read ? item : { ...item, read: true, readAt })),
            }
          : before,
      );
      setNote(marked === 1 ? 'Marked 1 notification as read.' : `Marked ${marked} notifications as read.`);
    } catch (failure) {
      setActionError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const items = listing?.items ?? [];
  return (
    <div className="page notifications-page">
      <div className="tasks__head">
        <h1>Notifications</h1>
        <div className="tasks__tools">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={unreadOnly}
              onChange={(event) => setUnreadOnly(event.target.checked)}
            />{' '}
            Unread only
          </label>
          <button type="button" className="button" onClick={markAllRead} disabled={busy || unread === 0}>
            Mark all as read
          </button>
        </div>
      </div>
      <p className="muted tasks__intro">
        Results of your <Link href="/tasks">tasks</Link>, reminders, and news about your account. Choose what
        reaches you by push or email in <Link href="/settings#notifications">Settings → Notifications</Link>.
      </p>
      <div aria-live="polite">
        {note ? (
          <p className="notice notice--success" role="status">
            {note}
          </p>
        ) : null}
      </div>
      {actionError ? (
        <p className="notice notice--error" role="alert">
          {actionError}
        </p>
      ) : null}
      {error ? <FailureNotice error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {listing === null && !error ? <p className="muted">Loading notifications…</p> : null}
      {listing && items.length === 0 ? (
        <div className="tasks__empty">
          <p>
            <strong>{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</strong>
          </p>
          <p className="muted">
            {unreadOnly
              ? 'You are all caught up.'
              : 'When a task runs or a reminder is due, it appears here.'}
          </p>
        </div>
      ) : null}
      {items.length > 0 ? (
        <ul
          className="notification-list"
          aria-label={unreadOnly ? 'Unread notifications' : 'Notifications, newest first'}
        >
          {items.map((notification) => (
            <NotificationItem
              key={notification.id}
              notification={notification}
              onRead={markRead}
              onDelete={remove}
            />
          ))}
        </ul>
      ) : null}
      {listing?.nextCursor ? (
        <div className="load-more">
          <button type="button" className="button" onClick={more} disabled={busy}>
            {busy ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
