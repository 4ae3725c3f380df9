import type { MouseEvent } from 'react';
import { useLocation } from 'wouter';
import { type AppNotification, kindWords } from '../api/notifications.ts';
import { localDateTime, relativeTime } from '../api/tasks.ts';

/** A path of this app ("/search/…"), as opposed to another site's https address. */
const isAppPath = (url: string) => url.startsWith('/') && !url.startsWith('//');

/**
 * One notification of the inbox. Opening it marks it read and goes to its link (a thread, the
 * Tasks page); another site's link opens in a new tab.
 */
export function NotificationItem({
  notification,
  onRead,
  onDelete,
}: {
  notification: AppNotification;
  onRead: (notification: AppNotification) => void;
  onDelete: (notification: AppNotification) => void;
}) {
  const [, navigate] = useLocation();
  const { url, read } = notification;
  const open = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) {
      if (!read) onRead(notification);
      return;
    }
    event.preventDefault();
    if (!read) onRead(notification);
    if (!url) return;
    if (isAppPath(url)) navigate(url);
    else window.open(url, '_blank', 'noopener,noreferrer');
  };
  const kind = kindWords[notification.kind]?.label ?? notification.kind;
  return (
    <li className={`notification${read ? '' : ' notification--unread'}`}>
      <span className="notification__dot" aria-hidden="true" />
      <div className="notification__main">
        {url ? (
          <a
            className="notification__title"
            href={url}
            onClick={open}
            {...(isAppPath(url) ? {} : { target: '_blank', rel: 'noopener noreferrer' })}
          >
            {notification.title}
            {read ? null : <span className="visually-hidden"> (unread)</span>}
          </a>
        ) : (
          <span className="notification__title">
            {notification.title}
            {read ? null : <span className="visually-hidden"> (unread)</span>}
          </span>
        )}
        {notification.body ? <p className="notification__body">{notification.body}</p> : null}
        <p className="notification__meta">
          {kind} ·{' '}
          <time dateTime={notification.createdAt} title={localDateTime(notification.createdAt)}>
            {relativeTime(notification.createdAt)}
          </time>
        </p>
      </div>
      <div className="notification__actions">
        {read ? null : (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => onRead(notification)}
            aria-label={`Mark “${notification.title}” as read`}
          >
            Mark read
          </button>
        )}
        <button
          type="button"
          className="button button--quiet button--danger"
          onClick={() => onDelete(notification)}
          aria-label={`Delete “${notification.title}”`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
