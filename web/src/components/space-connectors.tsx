import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  type Connector,
  type ConnectorType,
  connectors as connectorsApi,
  connectorTypes,
  scheduleLabel,
  schedules,
} from '../api/connectors.ts';
import { describeError } from '../api/errors.ts';
import { timeAgo } from '../lib/format.ts';
import { useBoundedPolling } from '../lib/use-bounded-polling.ts';
import { StatusChip } from './status-chip.tsx';

// A sync is queued, not run in the request: the list keeps asking for a while after a change so
// its outcome shows without a reload.
const WATCH_AFTER_CHANGE_MS = 60_000;

function LastSync({ connector }: { connector: Connector }) {
  const { lastSync } = connector;
  switch (lastSync.status) {
    case 'never':
      return <StatusChip tone="queued">Not synced yet</StatusChip>;
    case 'running':
      return <StatusChip tone="processing">Syncing…</StatusChip>;
    case 'ok':
      return (
        <>
          <StatusChip tone="ready">Synced</StatusChip>{' '}
          <span className="muted">
            {lastSync.documents ?? 0} document{lastSync.documents === 1 ? '' : 's'}
            {lastSync.skipped ? `, ${lastSync.skipped} skipped` : ''}
            {lastSync.finishedAt ? ` · ${timeAgo(lastSync.finishedAt)}` : ''}
          </span>
        </>
      );
    case 'failed':
      return (
        <>
          <StatusChip tone="failed">Failed</StatusChip>{' '}
          {lastSync.finishedAt ? <span className="muted">{timeAgo(lastSync.finishedAt)}</span> : null}
          {lastSync.error ? <span className="connector-row__error">{lastSync.error}</span> : null}
        </>
      );
  }
}

function NewConnector({
  spaceId,
  onCreated,
}: {
  spaceId: string;
  onCreated: (connector: Connector) => void;
}) {
  const [type, setType] = useState<ConnectorType>('web');
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [intervalMinutes, setIntervalMinutes] = useState(1_440);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { connector } = await connectorsApi.create({
        spaceId,
        type,
        url: url.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        schedule: { intervalMinutes },
      });
      setUrl('');
      setName('');
      onCreated(connector);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="connector-form" onSubmit={create}>
      <h3>Add a source</h3>
      <div className="field-row">
        <label className="field">
          <span>Kind</span>
          <select value={type} onChange={(event) => setType(event.target.value as ConnectorType)}>
            {connectorTypes.map((option) => (
              <option key={option.value} value={option.value} title={option.hint}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Sync</span>
          <select
            value={intervalMinutes}
            onChange={(event) => setIntervalMinutes(Number(event.target.value))}
          >
            {schedules.map((schedule) => (
              <option key={schedule.minutes} value={schedule.minutes}>
                {schedule.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>Address</span>
        <input
          type="url"
          required
          placeholder={
            type === 'rss' ? 'https://example.com/feed.xml' : 'https://example.com/docs/sitemap.xml'
          }
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      <label className="field">
        <span>Name (optional)</span>
        <input maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit" className="button button--primary" disabled={busy}>
        Add source
      </button>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/**
 * A space's connectors (editors and the owner): web pages, sitemaps and feeds kept in sync as the
 * space's files, with how their last sync went, and sync now, pause, resume and delete.
 */
export function SpaceConnectors({ spaceId, onSynced }: { spaceId: string; onSynced: () => void }) {
  const [list, setList] = useState<Connector[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [watchUntil, setWatchUntil] = useState(0);
  const finishedAt = useRef(new Map<string, string | null>());

  // Polls and reloads after an action overlap: an answer older than one already shown is dropped,
  // so a slow poll never puts back a state the person just changed.
  const asked = useRef(0);
  const shown = useRef(0);
  const load = useCallback(async () => {
    const ticket = ++asked.current;
    try {
      const { connectors } = await connectorsApi.list(spaceId);
      if (ticket < shown.current) return;
      shown.current = ticket;
      // A sync that finished since the last look brought documents: the space's files changed.
      let synced = false;
      for (const connector of connectors) {
        const before = finishedAt.current.get(connector.id);
        if (before !== undefined && before !== connector.lastSync.finishedAt) synced = true;
        finishedAt.current.set(connector.id, connector.lastSync.finishedAt);
      }
      if (synced) onSynced();
      setList(connectors);
    } catch (failure) {
      setError(describeError(failure));
      setList((current) => current ?? []);
    }
  }, [spaceId, onSynced]);
  useEffect(() => void load(), [load]);

  const running = list?.some((connector) => connector.lastSync.status === 'running') ?? false;
  useBoundedPolling(running || Date.now() < watchUntil, load, { maxDelayMs: 5_000 });
  const watch = () => setWatchUntil(Date.now() + WATCH_AFTER_CHANGE_MS);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await load();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <div className="connectors">
      {list?.length === 0 ? (
        <p className="muted">No sources yet. Add a web page, a sitemap or a feed to keep it in this space.</p>
      ) : null}
      <ul className="connector-list" aria-label="Sources">
        {list?.map((connector) => (
          <li key={connector.id} className="connector-row">
            <span className="connector-row__main">
              <span className="connector-row__name">{connector.name}</span>
              <span className="muted connector-row__meta">
                {connectorTypes.find((type) => type.value === connector.type)?.label ?? connector.type} ·{' '}
                <a href={connector.url} target="_blank" rel="noopener noreferrer">
                  {connector.url.replace(/^https?:\/\//, '')}
                </a>{' '}
                · {connector.enabled ? scheduleLabel(connector.schedule.intervalMinutes) : 'Paused'}
              </span>
              <span className="connector-row__sync" aria-live="polite">
                <LastSync connector={connector} />
              </span>
            </span>
            <span className="connector-row__actions">
              <button
                type="button"
                className="button button--quiet"
                disabled={!connector.enabled || connector.lastSync.status === 'running'}
                aria-label={`Sync ${connector.name} now`}
                onClick={() =>
                  act(async () => {
                    await connectorsApi.syncNow(connector.id);
                    watch();
                  })
                }
              >
                Sync now
              </button>
              <button
                type="button"
                className="button button--quiet"
                aria-label={`${connector.enabled ? 'Pause' : 'Resume'} ${connector.name}`}
                onClick={() =>
                  act(async () => {
                    await connectorsApi.update(connector.id, { enabled: !connector.enabled });
                    if (!connector.enabled) watch();
                  })
                }
              >
                {connector.enabled ? 'Pause' : 'Resume'}
              </button>
              <button
                type="button"
                className="button button--quiet button--danger"
                aria-label={`Delete ${connector.name}`}
                onClick={() =>
                  window.confirm(
                    `Delete the source “${connector.name}”? The files it brought into this space are removed too.`,
                  ) &&
                  act(async () => {
                    await connectorsApi.remove(connector.id);
                    onSynced();
                  })
                }
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <NewConnector
        spaceId={spaceId}
        onCreated={() => {
          watch();
          void load();
        }}
      />
    </div>
  );
}
