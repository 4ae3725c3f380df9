import { useEffect, useState } from 'react';
import { openSharedCollection, type SharedCollection, sharedThreadHref } from '../api/collections.ts';

/** A collection someone shared: its name and thread titles, read-only, no account needed. */
export function SharedCollectionPage({ shareId }: { shareId: string }) {
  const [shared, setShared] = useState<SharedCollection | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    openSharedCollection(shareId).then(setShared, (failure: Error) => setError(failure.message));
  }, [shareId]);
  return (
    <div className="page shared">
      <p className="muted">
        A shared collection from <a href="/">Perplexica</a>. It is read-only.
      </p>
      {error ? (
        <>
          <h1>Collection not available</h1>
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        </>
      ) : null}
      {shared ? (
        <>
          <h1>{shared.collection.name}</h1>
          {shared.collection.description ? <p>{shared.collection.description}</p> : null}
          {shared.threads.length === 0 ? <p className="muted">This collection is empty.</p> : null}
          <ol className="collection-list" aria-label="Threads">
            {shared.threads.map((thread, index) => (
              <li key={`${index}-${thread.title}`} className="collection-row">
                <span className="collection-row__n" aria-hidden="true">
                  {index + 1}
                </span>
                {thread.sharedPath ? (
                  <a href={sharedThreadHref(thread.sharedPath)} className="collection-row__title">
                    {thread.title}
                  </a>
                ) : (
                  <span className="collection-row__title">
                    {thread.title} <span className="muted">(not shared)</span>
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}
