import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import { create, type ImageArtifact, type ImageSize, imageSizes } from '../api/create.ts';
import { fieldMessage, formMessage } from './create-field-errors.tsx';
import { CreateImageView } from './create-image-view.tsx';
import { CreatePromptField } from './create-prompt-field.tsx';
import { CreateSetupNotice } from './create-setup-notice.tsx';
import { isNotConfigured } from './setup-notice.tsx';

const sizeNames: Record<ImageSize, string> = {
  '1024x1024': 'Square (1024 × 1024)',
  '1536x1024': 'Landscape (1536 × 1024)',
  '1024x1536': 'Portrait (1024 × 1536)',
  '1792x1024': 'Wide (1792 × 1024)',
  '1024x1792': 'Tall (1024 × 1792)',
};

/** An image from a prompt: asked for, then drawn by create-svc's worker and shown when ready. */
export function CreateImageForm({ onCreated }: { onCreated?: (artifact: ImageArtifact) => void }) {
  const id = useId();
  const [prompt, setPrompt] = useState('');
  const [size, setSize] = useState<ImageSize>('1024x1024');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<ImageArtifact | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setProblem(null);
    if (!prompt.trim()) return setProblem('Describe the image you want.');
    setBusy(true);
    try {
      const { artifact } = await create.image({ prompt: prompt.trim(), size });
      setMade(artifact);
      onCreated?.(artifact);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const promptError = problem ?? fieldMessage(error, 'body.prompt');
  const general = isNotConfigured(error) ? null : formMessage(error, ['body.prompt']);
  return (
    <section className="create-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Make an image</h2>
      <form className="create-form" onSubmit={submit} noValidate>
        <CreatePromptField
          id={id}
          label="Describe the image"
          placeholder="A watercolour of a lighthouse at dawn"
          value={prompt}
          error={promptError}
          onChange={setPrompt}
        />
        <div className="field field--narrow">
          <label htmlFor={`${id}-size`}>
            <span>Size</span>
          </label>
          <select
            id={`${id}-size`}
            value={size}
            onChange={(event) => setSize(event.target.value as ImageSize)}
          >
            {imageSizes.map((value) => (
              <option key={value} value={value}>
                {sizeNames[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="create-form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Asking…' : 'Make image'}
          </button>
        </div>
      </form>
      {isNotConfigured(error) ? <CreateSetupNotice kind="image" /> : null}
      {general ? (
        <p className="notice notice--error" role="alert">
          {general}
        </p>
      ) : null}
      {made ? (
        <div className="create-result">
          <div className="create-result__head">
            <h3>{made.title}</h3>
            <Link className="button button--quiet" href={`/create/${made.id}`}>
              Open
            </Link>
          </div>
          <CreateImageView artifact={made} />
        </div>
      ) : null}
    </section>
  );
}
