import { type FormEvent, useEffect, useState } from 'react';
import { account, keyScopes } from '../api/account.ts';
import { describeError } from '../api/errors.ts';
import type { ApiKey } from '../api/types.ts';
import { useUser } from '../api/use-session.ts';
import { MemorySettings } from '../components/memory-settings.tsx';
import { NotificationSettings } from '../components/notification-settings.tsx';
import { OrgMemory } from '../components/org-memory.tsx';
import { WebhookSettings } from '../components/webhook-settings.tsx';
import { timeAgo } from '../lib/format.ts';
import { type Theme, useTheme } from '../lib/theme.ts';
import { Organization } from './organization.tsx';

function Profile() {
  const user = useUser();
  const [me, setMe] = useState<Awaited<ReturnType<typeof account.me>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Again when the session's user changes (e.g. after creating an organization).
  useEffect(() => {
    if (user) account.me().then(setMe, (failure) => setError(describeError(failure)));
  }, [user]);
  return (
    <section className="panel" aria-labelledby="profile">
      <h2 id="profile">Profile</h2>
      {error ? <p className="notice notice--error">{error}</p> : null}
      {me ? (
        <dl className="facts">
          <dt>Email</dt>
          <dd>{me.user.email}</dd>
          <dt>Role</dt>
          <dd>{me.user.role}</dd>
          <dt>Organization</dt>
          <dd>{me.org?.name ?? 'None'}</dd>
          <dt>Member since</dt>
          <dd>{new Date(me.user.createdAt).toLocaleDateString()}</dd>
        </dl>
      ) : null}
    </section>
  );
}

function Appearance() {
  const [theme, setTheme] = useTheme();
  return (
    <section className="panel" aria-labelledby="appearance">
      <h2 id="appearance">Appearance</h2>
      <fieldset className="choices">
        <legend className="visually-hidden">Theme</legend>
        {(['system', 'light', 'dark'] as Theme[]).map((option) => (
          <label key={option} className="checkbox">
            <input
              type="radio"
              name="theme"
              value={option}
              checked={theme === option}
              onChange={() => setTheme(option)}
            />{' '}
            {option === 'system' ? 'Match the system' : option === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

function ApiKeys() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['chat']);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    account.listKeys().then(
      ({ apiKeys }) => setKeys(apiKeys),
      (failure) => setError(describeError(failure)),
    );
  useEffect(() => void refresh(), []);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const key = await account.createKey(name.trim(), scopes);
      setCreated(key.key);
      setCopied(false);
      setName('');
      await refresh();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke “${key.name}”? Programs using it stop working at once.`)) return;
    try {
      await account.revokeKey(key.id);
      await refresh();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const active = keys?.filter((key) => !key.revokedAt) ?? [];

  return (
    <section className="panel" aria-labelledby="api-keys">
      <h2 id="api-keys">API keys</h2>
      <p className="muted">
        For programs: the chat API (<code>/api/v1/chat</code>) and the OpenAI-compatible{' '}
        <code>/api/v1/chat/completions</code>. A key is shown once.
      </p>
      {created ? (
        <div className="notice notice--success" role="status">
          <p>Your new key. Copy it now: it will not be shown again.</p>
          <code className="secret" data-testid="new-api-key">
            {created}
          </code>{' '}
          <button
            type="button"
            className="button button--quiet"
            onClick={async () => {
              await navigator.clipboard?.writeText(created).catch(() => {});
              setCopied(true);
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      ) : null}
      <form className="key-form" onSubmit={create}>
        <label className="field">
          <span>Name</span>
          <input
            required
            maxLength={100}
            value={name}
            placeholder="e.g. my research script"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <fieldset className="choices">
          <legend>Allowed to</legend>
          {keyScopes.map(({ scope, label }) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) =>
                  setScopes(event.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))
                }
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={scopes.length === 0}>
          Create key
        </button>
      </form>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {keys && active.length === 0 ? <p className="muted">No active keys.</p> : null}
      <ul className="key-list">
        {active.map((key) => (
          <li key={key.id}>
            <span className="key-list__name">{key.name}</span> <code>{key.prefix}…</code>{' '}
            <span className="muted">
              {key.scopes.join(', ')} · created {timeAgo(key.createdAt)} ·{' '}
              {key.lastUsedAt ? `used ${timeAgo(key.lastUsedAt)}` : 'never used'}
            </span>{' '}
            <button
              type="button"
              className="button button--quiet button--danger"
              onClick={() => revoke(key)}
              aria-label={`Revoke ${key.name}`}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Memory() {
  return (
    <section className="panel" id="memory" aria-labelledby="memory-heading">
      <h2 id="memory-heading">Memory</h2>
      <MemorySettings />
      <OrgMemory />
    </section>
  );
}

/** Profile, appearance, memory, notifications, organization and API keys. */
export function SettingsPage() {
  // "Settings → Memory" links arrive with #memory: the browser scrolls to it before React draws it.
  useEffect(() => {
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, []);
  return (
    <div className="page settings">
      <h1>Settings</h1>
      <Profile />
      <Appearance />
      <Memory />
      <NotificationSettings />
      <Organization />
      <ApiKeys />
      <WebhookSettings />
    </div>
  );
}
