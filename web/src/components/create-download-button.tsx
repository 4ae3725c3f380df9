import { useState } from 'react';
import { type Artifact, create } from '../api/create.ts';
import { describeError } from '../api/errors.ts';

const labels: Record<Artifact['kind'], string> = {
  table: 'Download CSV',
  dashboard: 'Download JSON',
  image: 'Download image',
};

/** An artifact's file (a table as CSV, a dashboard's spec and data as JSON, an image), downloaded. */
export function CreateDownloadButton({
  artifact,
  compact = false,
}: {
  artifact: Artifact;
  compact?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ file?: string; error?: string } | null>(null);
  const ready = artifact.status === 'ready';
  const download = async () => {
    setBusy(true);
    setResult(null);
    try {
      setResult({ file: await create.download(artifact) });
    } catch (failure) {
      setResult({ error: describeError(failure) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="create-download">
      <button
        type="button"
        className="button"
        onClick={download}
        disabled={!ready || busy}
        aria-label={compact ? `${labels[artifact.kind]}: ${artifact.title}` : undefined}
      >
        {busy ? 'Downloading…' : compact ? 'Download' : labels[artifact.kind]}
      </button>
      {result?.file ? (
        <span className="create-download__note muted" role="status">
          Downloaded {result.file}
        </span>
      ) : null}
      {result?.error ? (
        <span className="create-download__note field-error" role="alert">
          {result.error}
        </span>
      ) : null}
    </span>
  );
}
