import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { ApiFailure, describeError } from '../api/errors.ts';
import { files } from '../api/files.ts';

/**
 * /files/:id (a file source's link, #page=N kept): asks upload-svc for a fresh download link and
 * goes there. Presigned links expire within minutes, so answers link here, never to them.
 */
export function FileRedirectPage({ fileId }: { fileId: string }) {
  const [state, setState] = useState<
    | { kind: 'loading' }
    | { kind: 'sent'; name: string; url: string }
    | { kind: 'missing' | 'error'; message: string }
  >({ kind: 'loading' });
  useEffect(() => {
    const page = /^#page=(\d+)$/.exec(location.hash)?.[1];
    Promise.all([files.get(fileId), files.downloadLink(fileId, 'inline')]).then(
      ([{ file }, { url }]) => {
        // A PDF viewer opens at the cited page; other types ignore the fragment, so it is left off.
        const target = page && file.mediaType === 'application/pdf' ? `${url}#page=${page}` : url;
        setState({ kind: 'sent', name: file.name, url: target });
        location.replace(target);
      },
      (failure) =>
        setState(
          failure instanceof ApiFailure && (failure.code === 'not_found' || failure.status === 400)
            ? { kind: 'missing', message: 'This file does not exist, or it is not yours to open.' }
            : { kind: 'error', message: describeError(failure) },
        ),
    );
  }, [fileId]);

  return (
    <div className="page page--narrow">
      {state.kind === 'loading' ? <p className="muted">Opening the file…</p> : null}
      {state.kind === 'sent' ? (
        <>
          <h1>Opening {state.name}</h1>
          <p>
            Your browser is downloading it. If nothing happens,{' '}
            <a href={state.url} rel="noopener">
              download {state.name}
            </a>
            .
          </p>
          <Link href="/files">All your files</Link>
        </>
      ) : null}
      {state.kind === 'missing' || state.kind === 'error' ? (
        <>
          <h1>{state.kind === 'missing' ? 'File not found' : 'The file could not be opened'}</h1>
          <p className={state.kind === 'error' ? 'notice notice--error' : ''} role="alert">
            {state.message}
          </p>
          <Link href="/files" className="button button--primary">
            Your files
          </Link>
        </>
      ) : null}
    </div>
  );
}
