import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { type Collection, collections } from '../api/collections.ts';
import { describeError } from '../api/errors.ts';

/** The library's collections: each opens its own page; a new one by name. */
export function CollectionShelf({ reloadKey = 0 }: { reloadKey?: number }) {
  const [list, setList] = useState<Collection[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Again when a thread's menu changed a collection (a new reloadKey).
  useEffect(() => {
    collections.list().then(
      (reply) => setList(reply.collections),
      (failure) => {
        setError(describeError(failure));
        setList([]);
      },
    );
  }, [reloadKey]);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const { collection } = await collections.create(name.trim());
      setList((current) => [collection, ...(current ?? [])]);
      setName('');
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section className="shelf" aria-labelledby="collections-heading">
      <h2 id="collections-heading" className="section-label">
        Collections
      </h2>
      {list && list.length > 0 ? (
        <ul className="shelf__list">
          {list.map((collection) => (
            <li key={collection.id}>
              <Link href={`/collections/${collection.id}`} className="shelf__card">
                <span className="shelf__name">{collection.name}</span>
                <span className="muted shelf__meta">
                  {collection.threadIds.length} thread{collection.threadIds.length === 1 ? '' : 's'}
                  {collection.shareId ? ' · shared' : ''}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {list?.length === 0 && !error ? (
        <p className="muted">
          Group threads into collections: create one here, then add threads with their Collections button.
        </p>
      ) : null}
      <form className="inline-form" onSubmit={create}>
        <label className="field field--inline">
          <span className="visually-hidden">New collection name</span>
          <input
            required
            maxLength={100}
            placeholder="New collection name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--quiet" disabled={!name.trim()}>
          Create collection
        </button>
      </form>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
