import { useState } from 'react';
import { useUser } from '../api/use-session.ts';
import { useFiles } from '../lib/use-files.ts';
import { FileList } from './file-list.tsx';
import { FileUploader } from './file-uploader.tsx';

/**
 * A set of files (the person's own, or a space's): the uploader when they may add files, and the
 * list, refreshed while anything is still being processed.
 */
export function FileLibrary({
  spaceId,
  canUpload,
  canChange,
  spaceNames,
  empty,
  reloadKey = 0,
}: {
  spaceId?: string;
  /** Changes when the files may have changed elsewhere (a connector synced). */
  reloadKey?: number;
  canUpload: boolean;
  canChange: boolean;
  spaceNames?: Record<string, string>;
  /** What to say when there are no files yet. */
  empty: string;
}) {
  const user = useUser();
  const { files, error, gaveUp, checkAgain, upsert, drop } = useFiles(spaceId, reloadKey);
  const [sending, setSending] = useState(false);
  return (
    <div className="file-library">
      {canUpload && user ? (
        <FileUploader {...(spaceId ? { spaceId } : {})} onUploaded={upsert} onSending={setSending} />
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {files === null ? <p className="muted">Loading…</p> : null}
      {files?.length === 0 && !error && !sending ? <p className="muted">{empty}</p> : null}
      {gaveUp ? (
        <p className="notice notice--info">
          Some files are still being processed.{' '}
          <button type="button" className="link-button" onClick={checkAgain}>
            Check again
          </button>
        </p>
      ) : null}
      {files && files.length > 0 ? (
        <FileList
          files={files}
          canChange={canChange}
          {...(spaceNames ? { spaceNames } : {})}
          onChanged={upsert}
          onDeleted={drop}
          label={spaceId ? "The space's files" : 'Your files'}
        />
      ) : null}
    </div>
  );
}
