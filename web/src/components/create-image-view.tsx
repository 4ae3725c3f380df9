import { useCallback, useEffect, useState } from 'react';
import { create, type ImageArtifact } from '../api/create.ts';
import { describeError } from '../api/errors.ts';
import { useBoundedPolling } from '../lib/use-bounded-polling.ts';

// An image takes from seconds to a couple of minutes (with retries): asked again after 1.5 s,
// backing off to 10 s, and given up on after five minutes (the person can keep waiting).
const polling = { firstDelayMs: 1_500, maxDelayMs: 10_000, giveUpAfterMs: 5 * 60_000 };

/**
 * An image artifact: while create-svc's worker draws it, "drawing" (asked again, bounded); once
 * ready, the picture (its bytes fetched with the session, since the object store's own link may
 * not be reachable from the browser); if it failed, why, in words.
 */
export function CreateImageView({
  artifact: initial,
  onChange,
}: {
  artifact: ImageArtifact;
  onChange?: (artifact: ImageArtifact) => void;
}) {
  const [artifact, setArtifact] = useState(initial);
  const [src, setSrc] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => setArtifact(initial), [initial]);

  const poll = useCallback(async () => {
    const { artifact: latest } = await create.get(artifact.id);
    if (latest.kind !== 'image') return;
    setArtifact(latest);
    if (latest.status !== 'pending') onChange?.(latest);
  }, [artifact.id, onChange]);
  const { gaveUp, restart } = useBoundedPolling(artifact.status === 'pending', poll, polling);

  useEffect(() => {
    if (artifact.status !== 'ready') return;
    const controller = new AbortController();
    let url: string | null = null;
    create.imageUrl(artifact.id, controller.signal).then(
      (objectUrl) => {
        url = objectUrl;
        setSrc(objectUrl);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setLoadError(describeError(failure));
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [artifact.id, artifact.status]);

  const { image } = artifact;
  return (
    <figure className="create-image">
      {artifact.status === 'pending' ? (
        <div className="create-image__pending" role="status">
          {gaveUp ? (
            <>
              <p>This image is still being drawn. It will appear in Your creations when it is ready.</p>
              <button type="button" className="button" onClick={restart}>
                Keep waiting
              </button>
            </>
          ) : (
            <p>
              <span className="create-image__spinner" aria-hidden="true" /> Drawing… this can take a minute.
            </p>
          )}
        </div>
      ) : null}
      {artifact.status === 'failed' ? (
        <p className="notice notice--error" role="alert">
          This image could not be drawn: {artifact.error?.message ?? 'the image service failed'}.
        </p>
      ) : null}
      {artifact.status === 'ready' && src ? (
        <img src={src} alt={`Generated from the prompt: ${image.prompt}`} className="create-image__picture" />
      ) : null}
      {artifact.status === 'ready' && !src && !loadError ? <p className="muted">Loading the image…</p> : null}
      {loadError ? (
        <p className="notice notice--error" role="alert">
          {loadError}
        </p>
      ) : null}
      <figcaption className="muted">
        “{image.prompt}” · {image.size}
        {image.revisedPrompt && image.revisedPrompt !== image.prompt
          ? ` · drawn as: ${image.revisedPrompt}`
          : ''}
      </figcaption>
    </figure>
  );
}
