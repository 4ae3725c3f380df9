import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type Collection, collections } from '../api/collections.ts';
import { describeError } from '../api/errors.ts';

/**
 * A thread's "Collections" menu: every collection of the person, checked where the thread already
 * is (choosing one adds or removes it), and a new collection made on the spot.
 */
export function AddToCollection({
  threadId,
  title,
  onChanged,
}: {
  threadId: string;
  title: string;
  /** A collection gained or lost the thread (the library's shelf counts again). */
  onChanged?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<Collection[] | null>(null);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    collections.list().then(
      (reply) => setList(reply.collections),
      (failure) => setError(describeError(failure)),
    );
    // A click anywhere else closes the menu, as menus do.
    const closeOutside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', closeOutside);
    return () => document.removeEventListener('mousedown', closeOutside);
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  // The note fades after a few seconds; the collection itself shows the change for good.
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 4_000);
    return () => clearTimeout(timer);
  }, [status]);

  const act = async (action: () => Promise<string>) => {
    setError(null);
    try {
      setStatus(await action());
      onChanged?.();
      close();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  const choose = (collection: Collection) =>
    act(async () => {
      if (collection.threadIds.includes(threadId)) {
        await collections.removeThread(collection.id, threadId);
        return `Removed from “${collection.name}”`;
      }
      await collections.addThread(collection.id, threadId);
      return `Added to “${collection.name}”`;
    });

  const createAndAdd = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    void act(async () => {
      const { collection } = await collections.create(trimmed);
      await collections.addThread(collection.id, threadId);
      setName('');
      return `Added to “${collection.name}”`;
    });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the menu closes it
    <div className="menu" ref={root} onKeyDown={(event) => event.key === 'Escape' && open && close()}>
      <button
        ref={toggle}
        type="button"
        className="button button--quiet"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Add “${title}” to a collection`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Collections
      </button>
      {open ? (
        <div className="menu__popover" id={menuId}>
          <p className="menu__heading">Add to a collection</p>
          {list === null && !error ? <p className="muted">Loading…</p> : null}
          {list?.length === 0 ? <p className="muted">No collections yet.</p> : null}
          <ul className="menu__list">
            {list?.map((collection) => (
              <li key={collection.id}>
                <button
                  type="button"
                  className="menu__item"
                  aria-pressed={collection.threadIds.includes(threadId)}
                  onClick={() => void choose(collection)}
                >
                  <span aria-hidden="true" className="menu__check">
                    {collection.threadIds.includes(threadId) ? '✓' : ''}
                  </span>
                  {collection.name}
                </button>
              </li>
            ))}
          </ul>
          <form className="menu__form" onSubmit={createAndAdd}>
            <label className="visually-hidden" htmlFor={`${menuId}-name`}>
              New collection name
            </label>
            <input
              id={`${menuId}-name`}
              placeholder="New collection"
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit" className="button button--primary" disabled={!name.trim()}>
              Create
            </button>
          </form>
          {error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
      {status ? (
        <span className="menu__status" role="status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
