import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { type Collection, collectionShareUrl, collections } from '../api/collections.ts';
import { ApiFailure, describeError } from '../api/errors.ts';

function ShareControls({
  collection,
  onChange,
}: {
  collection: Collection;
  onChange: (c: Collection) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const link = collection.shareId ? collectionShareUrl(collection.shareId) : null;
  const share = async () => {
    setError(null);
    try {
      const { shareId } = await collections.share(collection.id);
      onChange({ ...collection, shareId });
      await navigator.clipboard?.writeText(collectionShareUrl(shareId)).catch(() => {});
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const revoke = async () => {
    setError(null);
    try {
      await collections.unshare(collection.id);
      onChange({ ...collection, shareId: null });
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <>
      {link ? (
        <p className="notice notice--info" role="status">
          Anyone with this link can see the collection's titles (and open threads that are shared themselves):{' '}
          <a href={link}>{link}</a>{' '}
          <button type="button" className="link-button" onClick={revoke}>
            Stop sharing
          </button>
        </p>
      ) : (
        <button type="button" className="button button--quiet" onClick={share}>
          Share
        </button>
      )}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** One collection: its threads in the person's order (move up and down), sharing, renaming, deleting. */
export function CollectionPage({ collectionId }: { collectionId: string }) {
  const [, navigate] = useLocation();
  const [collection, setCollection] = useState<Collection | null>(null);
  const [titles, setTitles] = useState<Record<string, string | null>>({});
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  // After a move, the pressed button keeps the keyboard (or its twin, at either end of the list).
  const refocus = useRef<{ threadId: string; direction: 'up' | 'down' } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const moves = useRef(0);

  const load = useCallback(async () => {
    try {
      const { collection: loaded, threads } = await collections.get(collectionId);
      setCollection(loaded);
      setTitles(Object.fromEntries(threads.map((thread) => [thread.id, thread.title])));
    } catch (failure) {
      // A malformed id in the address is as missing as an unknown one.
      if (failure instanceof ApiFailure && (failure.code === 'not_found' || failure.status === 400))
        setMissing(true);
      else setError(describeError(failure));
    }
  }, [collectionId]);
  useEffect(() => void load(), [load]);

  useEffect(() => {
    const target = refocus.current;
    if (!target || !list.current) return;
    refocus.current = null;
    const row = list.current.querySelector(`[data-thread-id="${target.threadId}"]`);
    const wanted = row?.querySelector<HTMLButtonElement>(`[data-move="${target.direction}"]`);
    const other = row?.querySelector<HTMLButtonElement>(
      `[data-move="${target.direction === 'up' ? 'down' : 'up'}"]`,
    );
    (wanted && !wanted.disabled ? wanted : other)?.focus();
  });

  if (missing) {
    return (
      <div className="page page--narrow">
        <h1>This collection does not exist</h1>
        <p>It may have been deleted.</p>
        <Link href="/library" className="button button--primary">
          Open the library
        </Link>
      </div>
    );
  }
  if (!collection) {
    return (
      <div className="page" aria-busy="true">
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const move = (threadId: string, direction: 'up' | 'down') =>
    act(async () => {
      const order = [...collection.threadIds];
      const from = order.indexOf(threadId);
      const to = direction === 'up' ? from - 1 : from + 1;
      if (from < 0 || to < 0 || to >= order.length) return;
      [order[from], order[to]] = [order[to] as string, order[from] as string];
      // Shown at once; the server's answer (the same order) confirms it, unless another move
      // has been made since (its own answer will).
      setCollection({ ...collection, threadIds: order });
      refocus.current = { threadId, direction };
      const ticket = ++moves.current;
      const { collection: saved } = await collections.reorder(collection.id, order);
      if (ticket === moves.current) setCollection(saved);
    });
  const removeThread = (threadId: string) =>
    act(async () => {
      await collections.removeThread(collection.id, threadId);
      setCollection({ ...collection, threadIds: collection.threadIds.filter((id) => id !== threadId) });
    });
  const rename = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setCollection((await collections.update(collection.id, { name: name.trim(), description })).collection);
      setEditing(false);
    });
  };
  const remove = () =>
    act(async () => {
      if (!window.confirm(`Delete the collection “${collection.name}”? Its threads stay in your library.`))
        return;
      await collections.remove(collection.id);
      navigate('/library');
    });

  const count = collection.threadIds.length;
  return (
    <div className="page collection-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/library">Library</Link>
        <span aria-hidden="true"> /</span>
      </nav>
      {editing ? (
        <form className="panel" onSubmit={rename}>
          <label className="field">
            <span>Name</span>
            <input required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
          </label>
          <label className="field">
            <span>Description</span>
            <textarea
              rows={2}
              maxLength={2_000}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary">
            Save
          </button>{' '}
          <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <header className="thread__head">
          <h1 className="thread__title">{collection.name}</h1>
          <div className="thread__actions">
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setName(collection.name);
                setDescription(collection.description);
                setEditing(true);
              }}
            >
              Rename
            </button>
            {collection.shareId ? null : <ShareControls collection={collection} onChange={setCollection} />}
            <button type="button" className="button button--quiet button--danger" onClick={remove}>
              Delete
            </button>
          </div>
        </header>
      )}
      {collection.description && !editing ? <p className="muted">{collection.description}</p> : null}
      {collection.shareId ? <ShareControls collection={collection} onChange={setCollection} /> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {count === 0 ? (
        <p className="muted">
          No threads yet. In the <Link href="/library">library</Link> or on a thread, use its Collections
          button to add it here.
        </p>
      ) : null}
      <ol className="collection-list" ref={list} aria-label={`Threads in ${collection.name}`}>
        {collection.threadIds.map((threadId, index) => {
          const title = titles[threadId];
          const label = title ?? 'a deleted thread';
          return (
            <li key={threadId} className="collection-row" data-thread-id={threadId}>
              <span className="collection-row__n" aria-hidden="true">
                {index + 1}
              </span>
              {title === null ? (
                <span className="muted collection-row__title">This thread was deleted</span>
              ) : (
                <Link href={`/search/${threadId}`} className="collection-row__title">
                  {title ?? '…'}
                </Link>
              )}
              <span className="collection-row__actions">
                <button
                  type="button"
                  className="button button--quiet"
                  data-move="up"
                  disabled={index === 0}
                  aria-label={`Move “${label}” up`}
                  onClick={() => move(threadId, 'up')}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button--quiet"
                  data-move="down"
                  disabled={index === count - 1}
                  aria-label={`Move “${label}” down`}
                  onClick={() => move(threadId, 'down')}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button--quiet button--danger"
                  aria-label={`Remove “${label}” from the collection`}
                  onClick={() => removeThread(threadId)}
                >
                  Remove
                </button>
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
