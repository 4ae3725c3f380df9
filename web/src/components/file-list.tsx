import { useState } from 'react';
import { Link } from 'wouter';
import { describeError } from '../api/errors.ts';
import { downloadStoredFile, files as filesApi, type StoredFile } from '../api/files.ts';
import { formatSize, timeAgo } from '../lib/format.ts';
import { FileIcon } from './file-icon.tsx';
import { FileStatusChip } from './status-chip.tsx';

function FileRow({
  file,
  canChange,
  spaceName,
  onChanged,
  onDeleted,
}: {
  file: StoredFile;
  canChange: boolean;
  spaceName: string | null;
  onChanged: (file: StoredFile) => void;
  onDeleted: (id: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const details = [
    formatSize(file.size),
    file.pages ? `${file.pages} page${file.pages === 1 ? '' : 's'}` : null,
    `added ${timeAgo(file.createdAt)}`,
  ].filter(Boolean);
  return (
    <li className="file-row" data-status={file.status}>
      <span className="file-row__icon">
        <FileIcon size={20} />
      </span>
      <span className="file-row__main">
        <span className="file-row__name">{file.name}</span>
        <span className="file-row__meta">
          {details.join(' · ')}
          {file.source === 'connector' && file.sourceUrl ? (
            <>
              {' · from '}
              <a href={file.sourceUrl} target="_blank" rel="noopener noreferrer">
                {file.sourceUrl.replace(/^https?:\/\//, '')}
              </a>
            </>
          ) : null}
          {spaceName && file.spaceId ? (
            <>
              {' · in '}
              <Link href={`/spaces/${file.spaceId}`}>{spaceName}</Link>
            </>
          ) : null}
        </span>
        {file.status === 'failed' && file.error ? (
          <span className="file-row__error">{file.error}</span>
        ) : null}
        {file.truncated ? (
          <span className="file-row__meta">
            Only the beginning of this file is searched (it is very long).
          </span>
        ) : null}
      </span>
      <span className="file-row__status">
        <FileStatusChip status={file.status} />
      </span>
      <span className="file-row__actions">
        <button
          type="button"
          className="button button--quiet"
          disabled={busy}
          aria-label={`Download ${file.name}`}
          onClick={() => act(() => downloadStoredFile(file.id))}
        >
          Download
        </button>
        {canChange && file.status === 'failed' ? (
          <button
            type="button"
            className="button button--quiet"
            disabled={busy}
            aria-label={`Retry ${file.name}`}
            onClick={() => act(async () => onChanged((await filesApi.retry(file.id)).file))}
          >
            Retry
          </button>
        ) : null}
        {canChange ? (
          <button
            type="button"
            className="button button--quiet button--danger"
            disabled={busy}
            aria-label={`Delete ${file.name}`}
            onClick={() =>
              act(async () => {
                if (
                  !window.confirm(
                    `Delete “${file.name}”? Answers will no longer use it. This cannot be undone.`,
                  )
                )
                  return;
                await filesApi.remove(file.id);
                onDeleted(file.id);
              })
            }
          >
            Delete
          </button>
        ) : null}
      </span>
      {error ? (
        <p className="notice notice--error file-row__notice" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** Files with their processing state, and what may be done with each. */
export function FileList({
  files,
  canChange,
  spaceNames = {},
  onChanged,
  onDeleted,
  label,
}: {
  files: StoredFile[];
  canChange: boolean;
  /** Names of the spaces files were uploaded into, to say where each one lives. */
  spaceNames?: Record<string, string>;
  onChanged: (file: StoredFile) => void;
  onDeleted: (id: string) => void;
  label: string;
}) {
  return (
    <ul className="file-list" aria-label={label}>
      {files.map((file) => (
        <FileRow
          key={file.id}
          file={file}
          canChange={canChange}
          spaceName={file.spaceId ? (spaceNames[file.spaceId] ?? null) : null}
          onChanged={onChanged}
          onDeleted={onDeleted}
        />
      ))}
    </ul>
  );
}
