import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiFailure, describeError } from '../api/errors.ts';
import { ask, threadIdOf } from '../api/live-answers.ts';
import { canEdit, type Space, spaces } from '../api/spaces.ts';
import type { Focus, Mode } from '../api/types.ts';
import { AskBox } from '../components/ask-box.tsx';
import { FileLibrary } from '../components/file-library.tsx';
import { SpaceConnectors } from '../components/space-connectors.tsx';
import { SpaceMembers } from '../components/space-members.tsx';
import { SpaceSettings } from '../components/space-settings.tsx';
import { SpaceThreads } from '../components/space-threads.tsx';

const roleLabels = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' } as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function SpaceNotFound() {
  return (
    <div className="page page--narrow">
      <h1>This space does not exist</h1>
      <p>It may have been deleted, or you are not one of its members. Its owner can add you.</p>
      <Link href="/spaces" className="button button--primary">
        Your spaces
      </Link>
    </div>
  );
}

/**
 * One space: ask in it, its threads, files, sources (connectors), settings and members. What a
 * member can change follows their role; a viewer reads and asks.
 */
export function SpacePage({ spaceId }: { spaceId: string }) {
  const [, navigate] = useLocation();
  const [space, setSpace] = useState<Space | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'missing' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [filesKey, setFilesKey] = useState(0);
  const filesChanged = useCallback(() => setFilesKey((key) => key + 1), []);

  useEffect(() => {
    spaces.get(spaceId).then(
      (reply) => {
        setSpace(reply.space);
        setState('ready');
      },
      (failure) => {
        // A malformed id in the address is as missing as an unknown one.
        if (failure instanceof ApiFailure && (failure.code === 'not_found' || failure.status === 400))
          setState('missing');
        else {
          setError(describeError(failure));
          setState('error');
        }
      },
    );
  }, [spaceId]);

  if (state === 'missing') return <SpaceNotFound />;
  if (state === 'error') {
    return (
      <div className="page page--narrow">
        <p className="notice notice--error" role="alert">
          {error}
        </p>
        <Link href="/spaces">Back to your spaces</Link>
      </div>
    );
  }
  if (!space) return <div className="page" aria-busy="true" />;

  // Mode and focus go only when chosen, so the space's defaults apply otherwise.
  const start = async (query: string, mode?: Mode, focus?: Focus) => {
    setAsking(true);
    setError(null);
    const answer = ask({ query, spaceId, ...(mode ? { mode } : {}), ...(focus ? { focus } : {}) });
    const threadId = await threadIdOf(answer);
    setAsking(false);
    if (threadId) navigate(`/search/${threadId}`);
    else setError(answer.state.error ?? 'The question could not be sent. Please try again.');
  };
  const remove = async () => {
    if (
      !window.confirm(
        `Delete “${space.name}” with its files and sources? Threads asked in it stay in each member's library.`,
      )
    )
      return;
    try {
      await spaces.remove(space.id);
      navigate('/spaces');
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const editor = canEdit(space);

  return (
    <div className="page space-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/spaces">Spaces</Link>
        <span aria-hidden="true"> /</span>
      </nav>
      <header className="space-page__head">
        <h1>{space.name}</h1>
        <span className="space-page__badges">
          <span className="badge">{roleLabels[space.role]}</span>
          {space.visibility === 'org' ? <span className="badge">Shared with the organization</span> : null}
        </span>
      </header>
      {space.description ? <p className="space-page__description">{space.description}</p> : null}
      {space.role === 'viewer' ? (
        <p className="notice notice--info">
          You can read this space and ask in it. Only its editors and owner can add files or change it.
        </p>
      ) : null}
      <AskBox
        id="ask-in-space"
        onAsk={start}
        placeholder={`Ask in ${space.name}…`}
        busy={asking}
        spaceDefaults={{ mode: space.defaultMode, focus: space.defaultFocus }}
      />
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}

      <Section id="space-threads" title="Your threads here">
        <SpaceThreads spaceId={space.id} />
      </Section>
      <Section id="space-files" title="Files">
        <FileLibrary
          spaceId={space.id}
          canUpload={editor}
          canChange={editor}
          reloadKey={filesKey}
          empty={editor ? 'No files yet. Upload documents every member can ask about.' : 'No files yet.'}
        />
      </Section>
      {editor ? (
        <Section id="space-sources" title="Sources">
          <SpaceConnectors spaceId={space.id} onSynced={filesChanged} />
        </Section>
      ) : null}
      <Section id="space-settings" title={editor ? 'Settings' : 'About this space'}>
        <SpaceSettings space={space} onSaved={setSpace} />
      </Section>
      <Section id="space-members" title="Members">
        <SpaceMembers space={space} />
      </Section>
      {space.role === 'owner' ? (
        <Section id="space-danger" title="Delete this space">
          <p className="muted">Its files and sources go with it. This cannot be undone.</p>
          <button type="button" className="button button--danger" onClick={remove}>
            Delete space
          </button>
        </Section>
      ) : null}
    </div>
  );
}
