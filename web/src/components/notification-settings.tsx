import { useEffect, useState } from 'react';
import { ApiFailure, describeError } from '../api/errors.ts';
import {
  type Channel,
  type ChannelAvailability,
  channels,
  channelWords,
  currentPushSubscription,
  disablePush,
  enablePush,
  kindWords,
  type NotificationKind,
  notificationKinds,
  notifications,
  type Preferences,
  PushRefused,
  pushSupport,
} from '../api/notifications.ts';
import '../styles/tasks-notifications.css';

/** What an operator sets for push: a VAPID key pair, in K3s or for `pnpm start`. */
function PushSetupNotice() {
  return (
    <section
      className="notice notice--info setup-box"
      aria-label="Push notifications are not set up on this server"
    >
      <p>
        <strong>Push notifications are not set up on this server.</strong> They need a VAPID key pair (make
        one with <code>npx web-push generate-vapid-keys</code>). Whoever runs this server turns them on like
        this:
      </p>
      <ul>
        <li>
          On K3s or with the Helm chart: put the pair in the <code>notifications-secrets</code> Secret as{' '}
          <code>vapid_public_key</code> and <code>vapid_private_key</code> (<code>secrets.example.sh</code>{' '}
          makes one when they are missing), then restart notifications-svc.
        </li>
        <li>
          On one machine: start with <code>VAPID_PUBLIC_KEY</code> and <code>VAPID_PRIVATE_KEY</code> set,
          e.g. <code>VAPID_PUBLIC_KEY=… VAPID_PRIVATE_KEY=… pnpm start</code>.
        </li>
      </ul>
    </section>
  );
}

function EmailSetupNote() {
  return (
    <p className="muted field-note">
      Email is not set up on this server: whoever runs it sets <code>SMTP_URL</code> (in K3s,{' '}
      <code>smtp_url</code> in the <code>notifications-secrets</code> Secret).
    </p>
  );
}

type PushState =
  | { status: 'checking' }
  | { status: 'not_configured' }
  | { status: 'unsupported'; why: string }
  | { status: 'off' }
  | { status: 'on' }
  | { status: 'busy'; doing: 'on' | 'off' };

/** "Get push notifications on this browser": the service worker, the subscription, and its undoing. */
function PushOnThisBrowser({ server }: { server: 'loading' | 'available' | 'not_configured' }) {
  const [state, setState] = useState<PushState>({ status: 'checking' });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (server === 'loading') return;
    if (server === 'not_configured') {
      setState({ status: 'not_configured' });
      return;
    }
    const support = pushSupport();
    if (support !== 'supported') {
      setState({
        status: 'unsupported',
        why:
          support === 'insecure'
            ? 'Push needs a secure connection (https): open Perplexica at its https address.'
            : 'This browser cannot receive push notifications.',
      });
      return;
    }
    currentPushSubscription().then(
      (subscription) => setState({ status: subscription ? 'on' : 'off' }),
      () => setState({ status: 'off' }),
    );
  }, [server]);

  const turn = async (on: boolean) => {
    setError(null);
    setState({ status: 'busy', doing: on ? 'on' : 'off' });
    try {
      if (on) await enablePush();
      else await disablePush();
      setState({ status: on ? 'on' : 'off' });
    } catch (failure) {
      if (failure instanceof ApiFailure && failure.code === 'not_configured') {
        setState({ status: 'not_configured' });
        return;
      }
      setState({ status: on ? 'off' : 'on' });
      if (failure instanceof PushRefused) setError(failure.message);
      else if (failure instanceof ApiFailure) setError(describeError(failure));
      else if (failure instanceof Error && failure.name !== 'TypeError') {
        // The browser's own push service refused or could not be reached.
        setError(`This browser could not set up push: ${failure.message}`);
      } else setError(describeError(failure));
    }
  };

  return (
    <div className="push-browser">
      <h3>Push on this browser</h3>
      {state.status === 'not_configured' ? <PushSetupNotice /> : null}
      {state.status === 'unsupported' ? <p className="muted">{state.why}</p> : null}
      {state.status === 'checking' ? <p className="muted">Checking this browser…</p> : null}
      {state.status === 'off' || (state.status === 'busy' && state.doing === 'on') ? (
        <>
          <p className="muted field-note">
            Notifications arrive on this device even when Perplexica is closed. Your browser asks for
            permission first.
          </p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => turn(true)}
            disabled={state.status === 'busy'}
          >
            {state.status === 'busy' ? 'Setting up…' : 'Get push notifications on this browser'}
          </button>
        </>
      ) : null}
      {state.status === 'on' || (state.status === 'busy' && state.doing === 'off') ? (
        <>
          <p className="notice notice--success" role="status">
            Push notifications are on for this browser.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => turn(false)}
            disabled={state.status === 'busy'}
          >
            {state.status === 'busy' ? 'Turning off…' : 'Stop push notifications on this browser'}
          </button>
        </>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Settings → Notifications: which kinds reach you on which channel (in the app, push, email),
 * channels this server cannot use shown as such, and push on this browser.
 */
export function NotificationSettings() {
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [availability, setAvailability] = useState<ChannelAvailability | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);

  useEffect(() => {
    notifications.preferences().then(
      (answer) => {
        setPreferences(answer.preferences);
        setAvailability(answer.channels);
      },
      (failure) => {
        setError(describeError(failure));
        setLoadFailed(true);
      },
    );
  }, []);

  const toggle = async (kind: NotificationKind, channel: Channel, on: boolean) => {
    if (!preferences) return;
    const before = preferences;
    setError(null);
    setSaved(null);
    // The box follows the click at once; the server's answer replaces it.
    setPreferences({ ...before, [kind]: { ...before[kind], [channel]: on } });
    try {
      const answer = await notifications.setPreferences({ [kind]: { [channel]: on } });
      setPreferences(answer.preferences);
      setAvailability(answer.channels);
      setSaved(
        `Saved: ${kindWords[kind].label}, ${channelWords[channel].toLowerCase()}: ${on ? 'on' : 'off'}.`,
      );
    } catch (failure) {
      setPreferences(before);
      setError(describeError(failure));
    }
  };

  const notSetUp = (channel: Channel) => availability?.[channel] === 'not_configured';
  return (
    <section className="panel" id="notifications" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Notifications</h2>
      <p className="muted field-note">
        What reaches you where. In the app is the bell and the Notifications page; push reaches the browsers
        you turn it on for below.
      </p>
      {preferences && availability ? (
        <div className="table-scroll">
          <table className="data-table prefs-table">
            <caption className="visually-hidden">Which notifications reach you on which channel</caption>
            <thead>
              <tr>
                <th scope="col">Notification</th>
                {channels.map((channel) => (
                  <th scope="col" key={channel}>
                    {channelWords[channel]}
                    {notSetUp(channel) ? <span className="prefs-table__off">not set up</span> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {notificationKinds.map((kind) => (
                <tr key={kind}>
                  <th scope="row">
                    {kindWords[kind].label}
                    <span className="prefs-table__hint">{kindWords[kind].hint}</span>
                  </th>
                  {channels.map((channel) => (
                    <td key={channel}>
                      <input
                        type="checkbox"
                        aria-label={`${kindWords[kind].label}: ${channelWords[channel]}${notSetUp(channel) ? ' (not set up on this server)' : ''}`}
                        checked={preferences[kind][channel]}
                        disabled={notSetUp(channel)}
                        onChange={(event) => toggle(kind, channel, event.target.checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : loadFailed ? null : (
        <p className="muted">Loading your choices…</p>
      )}
      <div aria-live="polite">
        {saved ? (
          <p className="notice notice--success" role="status">
            {saved}
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {notSetUp('email') ? <EmailSetupNote /> : null}
      {/* Preferences that failed to load say nothing about push: the button finds out (503). */}
      <PushOnThisBrowser
        server={notSetUp('push') ? 'not_configured' : availability || loadFailed ? 'available' : 'loading'}
      />
    </section>
  );
}
