import { type ReactNode, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { session } from '../api/session.ts';
import { useUser } from '../api/use-session.ts';
import { useTheme } from '../lib/theme.ts';
import { NotificationBell } from './notification-bell.tsx';

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const active = href === '/' ? location === '/' : location.startsWith(href);
  return (
    <Link
      href={href}
      className={`nav__link${active ? ' nav__link--active' : ''}`}
      aria-current={active ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}

/** The frame of every signed-in page: navigation beside (or, on a phone, above) the content. */
export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const [theme, setTheme] = useTheme();
  const [open, setOpen] = useState(false);
  const [location, navigate] = useLocation();
  // A phone's menu closes when a page is chosen.
  useEffect(() => setOpen(false), [location]);
  const signOut = async () => {
    await session.logOut();
    navigate('/login');
  };
  const nextTheme = theme === 'system' ? 'dark' : theme === 'dark' ? 'light' : 'system';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} /> Perplexica
        </Link>
        <NotificationBell variant="topbar" />
        <button
          type="button"
          className="button button--quiet topbar__menu"
          aria-expanded={open}
          aria-controls="nav"
          onClick={() => setOpen(!open)}
        >
          Menu
        </button>
      </header>
      <nav id="nav" className={`nav${open ? ' nav--open' : ''}`} aria-label="Main">
        <Link href="/" className="brand nav__brand">
          <img src="/favicon.svg" alt="" width={26} height={26} /> Perplexica
        </Link>
        <Link href="/" className="button button--primary nav__new">
          New thread
        </Link>
        <NavLink href="/library">Library</NavLink>
        <NavLink href="/discover">Discover</NavLink>
        <NavLink href="/finance">Finance</NavLink>
        <NavLink href="/travel">Travel</NavLink>
        <NavLink href="/media">Images &amp; videos</NavLink>
        <NavLink href="/create">Create</NavLink>
        <NavLink href="/spaces">Spaces</NavLink>
        <NavLink href="/files">Files</NavLink>
        <NavLink href="/tasks">Tasks</NavLink>
        <NotificationBell variant="nav" />
        <NavLink href="/billing">Billing</NavLink>
        <NavLink href="/settings">Settings</NavLink>
        {user?.role === 'admin' ? <NavLink href="/admin">Admin</NavLink> : null}
        {/* Who audit-svc lets read the log: an owner of the org, or a platform admin in one. */}
        {user?.orgId && (user.orgRole === 'owner' || user.role === 'admin') ? (
          <NavLink href="/audit-log">Audit log</NavLink>
        ) : null}
        <div className="nav__foot">
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setTheme(nextTheme)}
            title="Switch theme"
          >
            Theme: {theme}
          </button>
          <span className="nav__user" title={user?.email}>
            {user?.email}
          </span>
          <button type="button" className="button button--quiet" onClick={signOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main id="main" className="main">
        {children}
      </main>
    </div>
  );
}
