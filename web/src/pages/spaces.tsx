import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { describeError } from '../api/errors.ts';
import { type Space, spaceLimits, spaces } from '../api/spaces.ts';
import { timeAgo } from '../lib/format.ts';

const roleLabels = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' } as const;

function NewSpace() {
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { space } = await spaces.create({ name: name.trim(), description: description.trim() });
      navigate(`/spaces/${space.id}`);
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="new-space">
      <h2 id="new-space">New space</h2>
      <form onSubmit={create}>
        <label className="field">
          <span>Name</span>
          <input
            required
            maxLength={spaceLimits.nameChars}
            value={name}
            placeholder="e.g. Northwind HR"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Description (optional)</span>
          <textarea
            rows={2}
            maxLength={spaceLimits.descriptionChars}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
          Create space
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

/** Every space the person belongs to (their own, shared with them, shared with their org), and a new one. */
export function SpacesPage() {
  const [list, setList] = useState<Space[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    spaces.list().then(
      (reply) => setList(reply.spaces),
      (failure) => {
        setError(describeError(failure));
        setList([]);
      },
    );
  }, []);
  return (
    <div className="page spaces-page">
      <h1>Spaces</h1>
      <p className="muted">
        A space keeps files, sources and instructions for one subject. Answers asked in it use its files and
        follow its instructions; share it with the people you work with.
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {list === null ? <p className="muted">Loading…</p> : null}
      {list?.length === 0 && !error ? (
        <p className="muted">No spaces yet. Create the first one below.</p>
      ) : null}
      {list && list.length > 0 ? (
        <ul className="space-cards" aria-label="Your spaces">
          {list.map((space) => (
            <li key={space.id}>
              <Link href={`/spaces/${space.id}`} className="space-card">
                <span className="space-card__name">{space.name}</span>
                {space.description ? (
                  <span className="space-card__description">{space.description}</span>
                ) : null}
                <span className="space-card__meta">
                  <span className="badge">{roleLabels[space.role]}</span>
                  {space.visibility === 'org' ? <span className="badge">Organization</span> : null}
                  <span>updated {timeAgo(space.updatedAt)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <NewSpace />
    </div>
  );
}
