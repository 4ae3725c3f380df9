import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { describeError } from '../api/errors.ts';
import { library } from '../api/library.ts';
import type { Thread } from '../api/types.ts';
import { timeAgo } from '../lib/format.ts';

/** The person's own threads asked in a space (library-svc keeps each thread private to its asker). */
export function SpaceThreads({ spaceId }: { spaceId: string }) {
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    library.list({ spaceId }).then(
      (page) => setThreads(page.threads),
      (failure) => setError(describeError(failure)),
    );
  }, [spaceId]);
  if (error) {
    return (
      <p className="notice notice--error" role="alert">
        {error}
      </p>
    );
  }
  if (threads === null) return <p className="muted">Loading…</p>;
  if (threads.length === 0) return <p className="muted">No threads yet. Ask a question above.</p>;
  return (
    <ul className="thread-list" aria-label="Threads in this space">
      {threads.map((thread) => (
        <li key={thread.id}>
          <Link href={`/search/${thread.id}`} className="thread-list__title">
            {thread.title}
          </Link>
          <span className="muted thread-list__when">{timeAgo(thread.updatedAt)}</span>
        </li>
      ))}
    </ul>
  );
}
