import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { type Artifact, type ArtifactKind, create } from '../api/create.ts';
import { describeError } from '../api/errors.ts';
import { timeAgo } from '../lib/format.ts';
import { CreateDownloadButton } from './create-download-button.tsx';
import { StatusChip } from './status-chip.tsx';

export const kindNames: Record<ArtifactKind, string> = {
  table: 'Table',
  dashboard: 'Dashboard',
  image: 'Image',
};
const filterNames: Array<[ArtifactKind | null, string]> = [
  [null, 'All'],
  ['table', 'Tables'],
  ['dashboard', 'Dashboards'],
  ['image', 'Images'],
];

/** "3 rows, 2 columns", "2 charts", "1024x1024": what an artifact holds, in a few words. */
export function artifactFacts(artifact: Artifact): string {
  const plural = (count: number, word: string) =>
    `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;
  if (artifact.kind === 'table') {
    return `${plural(artifact.table.rowCount, 'row')}, ${plural(artifact.table.columns.length, 'column')}`;
  }
  if (artifact.kind === 'dashboard') {
    return `${plural(artifact.dashboard.charts.length, 'chart')} over ${plural(artifact.dashboard.rowCount, 'row')}`;
  }
  return artifact.image.size;
}

/** An artifact's state when it is not simply ready: an image being drawn, or one that failed. */
export function ArtifactStatus({ artifact }: { artifact: Artifact }) {
  if (artifact.status === 'pending') return <StatusChip tone="processing">Drawing…</StatusChip>;
  if (artifact.status === 'failed') return <StatusChip tone="failed">Failed</StatusChip>;
  return null;
}

function CreationRow({ artifact, onDeleted }: { artifact: Artifact; onDeleted: (id: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const remove = async () => {
    if (!window.confirm(`Delete “${artifact.title}”? This cannot be undone.`)) return;
    setDeleting(true);
    setError(null);
    try {
      await create.remove(artifact.id);
      onDeleted(artifact.id);
    } catch (failure) {
      setError(describeError(failure));
      setDeleting(false);
    }
  };
  return (
    <li className="creation">
      <span className={`creation__kind creation__kind--${artifact.kind}`}>{kindNames[artifact.kind]}</span>
      <div className="creation__main">
        <Link href={`/create/${artifact.id}`} className="creation__title">
          {artifact.title}
        </Link>
        <span className="creation__meta muted">
          {artifactFacts(artifact)} · <time dateTime={artifact.createdAt}>{timeAgo(artifact.createdAt)}</time>{' '}
          <ArtifactStatus artifact={artifact} />
        </span>
      </div>
      <div className="creation__actions">
        <Link
          href={`/create/${artifact.id}`}
          className="button button--quiet"
          aria-label={`Open “${artifact.title}”`}
        >
          Open
        </Link>
        <CreateDownloadButton artifact={artifact} compact />
        <button
          type="button"
          className="button button--quiet button--danger"
          aria-label={`Delete “${artifact.title}”`}
          disabled={deleting}
          onClick={remove}
        >
          {deleting ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      {error ? (
        <p className="notice notice--error creation__error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** Everything the person made, newest first, a page at a time, filtered by kind. */
export function CreateArtifactList({
  kind,
  onKindChange,
}: {
  kind: ArtifactKind | null;
  onKindChange: (kind: ArtifactKind | null) => void;
}) {
  const [artifacts, setArtifacts] = useState<Artifact[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  // The first page again whenever the filter changes; `attempt` changes on "Try again".
  useEffect(() => {
    let current = true;
    setArtifacts(null);
    setCursor(null);
    setError(null);
    setBusy(true);
    create.list({ kind }).then(
      (page) => {
        if (!current) return;
        setArtifacts(page.artifacts);
        setCursor(page.nextCursor);
        setBusy(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(describeError(failure));
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [kind, attempt]);

  const more = async () => {
    if (!cursor || busy) return;
    setBusy(true);
    setError(null);
    try {
      const page = await create.list({ kind, cursor });
      setArtifacts((held) => [...(held ?? []), ...page.artifacts]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="create-section" aria-labelledby="creations-heading">
      <h2 id="creations-heading">Your creations</h2>
      <fieldset className="tabs">
        <legend className="visually-hidden">Show</legend>
        {filterNames.map(([value, name]) => (
          <button
            key={name}
            type="button"
            className="tab"
            aria-pressed={kind === value}
            onClick={() => onKindChange(value)}
          >
            {name}
          </button>
        ))}
      </fieldset>
      {artifacts === null && busy ? <p className="muted">Loading…</p> : null}
      {artifacts?.length === 0 ? (
        <p className="muted">
          {kind
            ? `No ${filterNames.find(([value]) => value === kind)?.[1].toLowerCase()} yet.`
            : 'Nothing made yet. Make a table, a dashboard or an image, and it is kept here.'}
        </p>
      ) : null}
      {artifacts && artifacts.length > 0 ? (
        <ul className="creations" aria-label="Your creations, newest first">
          {artifacts.map((artifact) => (
            <CreationRow
              key={artifact.id}
              artifact={artifact}
              onDeleted={(id) => setArtifacts((held) => held?.filter((item) => item.id !== id) ?? null)}
            />
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => (artifacts === null ? setAttempt((n) => n + 1) : void more())}
          >
            Try again
          </button>
        </p>
      ) : null}
      {cursor ? (
        <div className="load-more">
          <button type="button" className="button" onClick={more} disabled={busy}>
            {busy ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
