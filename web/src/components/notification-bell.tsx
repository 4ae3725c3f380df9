import { type ReactNode, useEffect } from 'react';
import { Link, useLocation } from 'wouter';
import { unreadCount, useUnreadCount } from '../api/notifications.ts';
import { useUser } from '../api/use-session.ts';
import '../styles/tasks-notifications.css';

/** Background refreshes of the count: once a minute, never faster (every tab of every user asks). */
const REFRESH_EVERY_MS = 60_000;
/** Coming back to the tab asks again, unless it was asked this recently (focus and visibility both fire). */
const REFRESH_ON_RETURN_AFTER_MS = 5_000;

/**
 * Keeps the unread count fresh for as long as the layout is shown: at once, when the tab comes
 * back into view, and every minute while it is visible. A new user starts from nothing.
 */
function useUnreadCountRefresh() {
  const user = useUser();
  const userId = user?.id ?? null;
  useEffect(() => {
    unreadCount.reset();
    if (!userId) return;
    void unreadCount.refresh();
    const onReturn = () => {
      if (!document.hidden) void unreadCount.refresh(REFRESH_ON_RETURN_AFTER_MS);
    };
    const timer = setInterval(() => {
      if (!document.hidden) void unreadCount.refresh(REFRESH_EVERY_MS - 1_000);
    }, REFRESH_EVERY_MS);
    window.addEventListener('focus', onReturn);
    document.addEventListener('visibilitychange', onReturn);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onReturn);
      document.removeEventListener('visibilitychange', onReturn);
    };
  }, [userId]);
}

function BellIcon() {
  return (
    <svg
      className="bell__icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15a2.5 2.5 0 0 0 5 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** "Notifications, 3 unread": what the bell says to a screen reader and as its tooltip. */
const bellName = (count: number | null) =>
  count ? `Notifications, ${count} unread` : 'Notifications, none unread';

/**
 * The bell: a link to the inbox with the unread count. `variant="nav"` is the navigation's entry
 * (and keeps the count fresh); `variant="topbar"` is the icon beside a phone's Menu button.
 */
export function NotificationBell({ variant }: { variant: 'nav' | 'topbar' }) {
  const count = useUnreadCount();
  const [location] = useLocation();
  const active = location.startsWith('/notifications');
  const badge = count ? (
    <span className="bell__count" data-testid={variant === 'nav' ? 'unread-count' : undefined}>
      {count > 99 ? '99+' : count}
    </span>
  ) : null;
  if (variant === 'topbar') {
    return (
      <Link
        href="/notifications"
        className="button button--quiet bell bell--topbar"
        aria-label={bellName(count)}
      >
        <BellIcon />
        {badge}
      </Link>
    );
  }
  return <NavBell active={active} count={count} badge={badge} />;
}

function NavBell({ active, count, badge }: { active: boolean; count: number | null; badge: ReactNode }) {
  useUnreadCountRefresh();
  return (
    <Link
      href="/notifications"
      className={`nav__link bell${active ? ' nav__link--active' : ''}`}
      aria-current={active ? 'page' : undefined}
      aria-label={bellName(count)}
      title={bellName(count)}
    >
      <BellIcon />
      <span>Notifications</span>
      {badge}
    </Link>
  );
}
