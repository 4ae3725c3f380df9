import { type DragEvent, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { acceptedTypes, type StoredFile, uploadFile } from '../api/files.ts';
import { formatSize } from '../lib/format.ts';
import { FileIcon } from './file-icon.tsx';

interface Upload {
  key: string;
  name: string;
  size: number;
  /** 0..1 of the bytes sent. */
  progress: number;
  state: 'waiting' | 'sending' | 'failed';
  error: string | null;
}

let nextKey = 0;

/**
 * Files in by the picker or by dropping them here: one request per file, one after another (each
 * is streamed to the store; a batch in parallel would only compete for the same connection), with
 * the bytes sent shown as they go. A refused file says why in the server's words.
 */
export function FileUploader({
  spaceId,
  onUploaded,
  onSending,
}: {
  spaceId?: string;
  onUploaded: (file: StoredFile, duplicate: boolean) => void;
  /** True while files are on their way (the list says nothing about being empty meanwhile). */
  onSending?: (sending: boolean) => void;
}) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const sending = uploads.some((upload) => upload.state !== 'failed');
  useEffect(() => onSending?.(sending), [sending, onSending]);

  const change = (key: string, patch: Partial<Upload>) =>
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...patch } : upload)));

  const send = async (chosen: File[]) => {
    if (chosen.length === 0) return;
    setNote(null);
    const batch = chosen.map((file) => ({ file, key: `upload-${nextKey++}` }));
    setUploads((current) => [
      ...current.filter((upload) => upload.state !== 'failed'),
      ...batch.map(({ file, key }) => ({
        key,
        name: file.name,
        size: file.size,
        progress: 0,
        state: 'waiting' as const,
        error: null,
      })),
    ]);
    for (const { file, key } of batch) {
      change(key, { state: 'sending' });
      try {
        const result = await uploadFile(file, {
          ...(spaceId ? { spaceId } : {}),
          onProgress: (progress) => change(key, { progress }),
        });
        setUploads((current) => current.filter((upload) => upload.key !== key));
        if (result.duplicate) setNote(`“${result.file.name}” was already uploaded; it is listed below.`);
        onUploaded(result.file, result.duplicate === true);
      } catch (failure) {
        change(key, { state: 'failed', error: describeError(failure) });
      }
    }
  };

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    void send([...event.dataTransfer.files]);
  };

  return (
    <div className="uploader">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is an extra; the button does the same */}
      <div
        className={`dropzone${over ? ' dropzone--over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid="dropzone"
      >
        <FileIcon size={28} />
        <p>
          <strong>Drop files here</strong> or{' '}
          <button type="button" className="button button--primary" onClick={() => picker.current?.click()}>
            Choose files
          </button>
        </p>
        <p className="muted dropzone__hint">
          PDF, Word (DOCX), text, Markdown, HTML, CSV or JSON, up to 25 MB each.
        </p>
        <input
          ref={picker}
          type="file"
          multiple
          accept={acceptedTypes}
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Choose files to upload"
          onChange={(event) => {
            void send([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      {note ? (
        <p className="notice notice--info" role="status">
          {note}
        </p>
      ) : null}
      {uploads.length > 0 ? (
        <ul className="uploads" aria-label="Uploads">
          {uploads.map((upload) => (
            <li key={upload.key} className={`upload upload--${upload.state}`}>
              <span className="upload__name">
                {upload.name} <span className="muted">{formatSize(upload.size)}</span>
              </span>
              {upload.state === 'failed' ? (
                <>
                  <p className="notice notice--error upload__error" role="alert">
                    {upload.name} was not uploaded: {upload.error}
                  </p>
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={`Dismiss ${upload.name}`}
                    onClick={() => setUploads((current) => current.filter((u) => u.key !== upload.key))}
                  >
                    Dismiss
                  </button>
                </>
              ) : (
                <span className="upload__progress">
                  <progress max={1} value={upload.progress} aria-label={`Uploading ${upload.name}`} />
                  <span className="muted">
                    {upload.state === 'waiting'
                      ? 'Waiting…'
                      : upload.progress >= 1
                        ? 'Storing…'
                        : `${Math.round(upload.progress * 100)}%`}
                  </span>
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
