import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { describeError } from '../api/errors.ts';
import { library } from '../api/library.ts';
import type { Thread } from '../api/types.ts';
import { AddToCollection } from '../components/add-to-collection.tsx';
import { CollectionShelf } from '../components/collection-shelf.tsx';
import { timeAgo } from '../lib/format.ts';

function ThreadRow({
  thread,
  onChange,
  onDelete,
  onCollectionsChanged,
}: {
  thread: Thread;
  onChange: (thread: Thread) => void;
  onDelete: (id: string) => void;
  onCollectionsChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(thread.title);
  const titleInput = useRef<HTMLInputElement>(null);
  // Choosing Rename puts the cursor in the title.
  useEffect(() => {
    if (editing) titleInput.current?.focus();
  }, [editing]);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const rename = () =>
    act(async () => {
      const trimmed = title.trim();
      if (trimmed && trimmed !== thread.title) onChange((await library.rename(thread.id, trimmed)).thread);
      setEditing(false);
    });
  return (
    <li className="library__row">
      {editing ? (
        <form
          className="library__rename"
          onSubmit={(event) => {
            event.preventDefault();
            void rename();
          }}
        >
          <label className="visually-hidden" htmlFor={`title-${thread.id}`}>
            New title
          </label>
          <input
            id={`title-${thread.id}`}
            value={title}
            maxLength={200}
            ref={titleInput}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setEditing(false)}
          />
          <button type="submit" className="button button--primary">
            Save
          </button>
          <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <Link href={`/search/${thread.id}`} className="library__title">
          {thread.title}
        </Link>
      )}
      <span className="library__meta">
        {thread.saved ? <span className="badge">Bookmarked</span> : null} {timeAgo(thread.updatedAt)}
      </span>
      <span className="library__actions">
        <button
          type="button"
          className="button button--quiet"
          aria-label={`Rename “${thread.title}”`}
          onClick={() => setEditing(true)}
        >
          Rename
        </button>
        <button
          type="button"
          className="button button--quiet"
          aria-pressed={thread.saved}
          aria-label={`${thread.saved ? 'Remove bookmark from' : 'Bookmark'} “${thread.title}”`}
          onClick={() => act(async () => onChange((await library.bookmark(thread.id, !thread.saved)).thread))}
        >
          {thread.saved ? 'Unbookmark' : 'Bookmark'}
        </button>
        <AddToCollection threadId={thread.id} title={thread.title} onChanged={onCollectionsChanged} />
        <button
          type="button"
          className="button button--quiet button--danger"
          aria-label={`Delete “${thread.title}”`}
          onClick={() =>
            act(async () => {
              if (!window.confirm(`Delete “${thread.title}”? This cannot be undone.`)) return;
              await library.remove(thread.id);
              onDelete(thread.id);
            })
          }
        >
          Delete
        </button>
      </span>
      {error ? (
        <p className="notice notice--error library__error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** Every thread, newest first: search, bookmarks, rename, delete; and the collections they are grouped in. */
export function LibraryPage() {
  const [query, setQuery] = useState('');
  const [savedOnly, setSavedOnly] = useState(false);
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shelfKey, setShelfKey] = useState(0);

  const load = useCallback(async (q: string, saved: boolean, after: string | null) => {
    try {
      const page = await library.list({ q: q.trim() || undefined, saved, cursor: after });
      setThreads((current) => (after ? [...(current ?? []), ...page.threads] : page.threads));
      setCursor(page.nextCursor);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
      setThreads((current) => current ?? []);
    }
  }, []);

  // Searching waits until typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => void load(query, savedOnly, null), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [query, savedOnly, load]);

  return (
    <div className="page library">
      <h1>Library</h1>
      <CollectionShelf reloadKey={shelfKey} />
      <h2 className="section-label">Threads</h2>
      <div className="library__filters">
        <label className="field field--inline">
          <span className="visually-hidden">Search your threads</span>
          <input
            type="search"
            placeholder="Search your threads"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={savedOnly}
            onChange={(event) => setSavedOnly(event.target.checked)}
          />{' '}
          Bookmarked only
        </label>
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {threads === null ? <p className="muted">Loading…</p> : null}
      {threads?.length === 0 && !error ? (
        <p className="muted">
          {query || savedOnly ? 'Nothing matches.' : 'No threads yet. Ask something to start one.'}
        </p>
      ) : null}
      <ul className="library__list">
        {threads?.map((thread) => (
          <ThreadRow
            key={thread.id}
            thread={thread}
            onChange={(changed) =>
              setThreads((current) => current?.map((t) => (t.id === changed.id ? changed : t)) ?? null)
            }
            onDelete={(id) => setThreads((current) => current?.filter((t) => t.id !== id) ?? null)}
            onCollectionsChanged={() => setShelfKey((key) => key + 1)}
          />
        ))}
      </ul>
      {cursor ? (
        <button type="button" className="button button--quiet" onClick={() => load(query, savedOnly, cursor)}>
          Load more
        </button>
      ) : null}
    </div>
  );
}
