import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { type Artifact, create } from '../api/create.ts';
import { ApiFailure, describeError } from '../api/errors.ts';
import { formatDate } from '../lib/format.ts';
import { useRequest } from '../lib/use-request.ts';
import { ArtifactStatus, artifactFacts, kindNames } from './create-artifact-list.tsx';
import { CreateDashboardView } from './create-dashboard-view.tsx';
import { CreateDownloadButton } from './create-download-button.tsx';
import { CreateImageView } from './create-image-view.tsx';
import { CreateTableView } from './create-table-view.tsx';

/** How an artifact was made, in a sentence (a table's source table is linked). */
function Origin({ artifact }: { artifact: Artifact }) {
  const { origin } = artifact;
  if (origin.type === 'prompt' && typeof origin.prompt === 'string') {
    return (
      <>
        Built by {typeof origin.model === 'string' ? origin.model : 'the model'} from “{origin.prompt}”.
      </>
    );
  }
  if (origin.type === 'table' && typeof origin.tableId === 'string') {
    return (
      <>
        Charts over <Link href={`/create/${origin.tableId}`}>a table of yours</Link> (a copy of its data is
        kept with the dashboard).
      </>
    );
  }
  if (artifact.kind === 'image') return <>Drawn from a prompt.</>;
  return <>From {origin.format === 'json' ? 'JSON' : 'CSV'} data you gave.</>;
}

/** One artifact opened: what it is, how it was made, the thing itself, download and delete. */
export function CreateArtifactView({ artifactId }: { artifactId: string }) {
  const [, navigate] = useLocation();
  const [loaded, retry] = useRequest(artifactId, () => create.get(artifactId));
  const [deleteError, setDeleteError] = useState<string | null>(null);

  if (loaded.status === 'failed') {
    if (loaded.error instanceof ApiFailure && (loaded.error.status === 404 || loaded.error.status === 400)) {
      return (
        <div className="create-missing">
          <h1>This creation does not exist</h1>
          <p>It may have been deleted. Everything you made is in Your creations.</p>
          <Link href="/create?tab=list" className="button button--primary">
            Your creations
          </Link>
        </div>
      );
    }
    return (
      <p className="notice notice--error" role="alert">
        {describeError(loaded.error)}{' '}
        <button type="button" className="link-button" onClick={retry}>
          Try again
        </button>
      </p>
    );
  }
  if (loaded.status !== 'ok') return <p className="muted">Loading…</p>;

  const { artifact } = loaded.data;
  const remove = async () => {
    if (!window.confirm(`Delete “${artifact.title}”? This cannot be undone.`)) return;
    setDeleteError(null);
    try {
      await create.remove(artifact.id);
      navigate('/create?tab=list');
    } catch (failure) {
      setDeleteError(describeError(failure));
    }
  };

  return (
    <article className="create-artifact">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/create?tab=list">Your creations</Link>
        <span aria-hidden="true"> / </span>
        <span>{kindNames[artifact.kind]}</span>
      </nav>
      <header className="create-artifact__head">
        <div>
          <h1>{artifact.title}</h1>
          <p className="muted create-artifact__meta">
            {kindNames[artifact.kind]} · {artifactFacts(artifact)} · made {formatDate(artifact.createdAt)}{' '}
            <ArtifactStatus artifact={artifact} />
          </p>
          <p className="muted create-artifact__origin">
            <Origin artifact={artifact} />
          </p>
        </div>
        <div className="create-result__actions">
          <CreateDownloadButton artifact={artifact} />
          {artifact.kind === 'table' ? (
            <Link className="button" href={`/create?tab=dashboard&table=${artifact.id}`}>
              Chart it
            </Link>
          ) : null}
          <button type="button" className="button button--quiet button--danger" onClick={remove}>
            Delete
          </button>
        </div>
      </header>
      {deleteError ? (
        <p className="notice notice--error" role="alert">
          {deleteError}
        </p>
      ) : null}
      {artifact.kind === 'table' ? (
        <CreateTableView
          title={artifact.title}
          columns={artifact.table.columns}
          rows={artifact.table.rows ?? []}
          rowCount={artifact.table.rowCount}
        />
      ) : null}
      {artifact.kind === 'dashboard' ? (
        <CreateDashboardView
          label={artifact.title}
          charts={artifact.dashboard.charts}
          columns={artifact.dashboard.columns}
          rows={artifact.dashboard.rows ?? []}
        />
      ) : null}
      {artifact.kind === 'image' ? <CreateImageView artifact={artifact} /> : null}
    </article>
  );
}
