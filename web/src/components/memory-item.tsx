import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { memoryTextLimit } from '../api/memory.ts';

/** One remembered fact: its text, and (when allowed) edit in place and delete. */
export function MemoryItem({
  text,
  meta,
  editable,
  onEdit,
  onDelete,
}: {
  text: string;
  meta?: ReactNode;
  editable: boolean;
  onEdit: (text: string) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const trimmed = draft.trim();
      if (trimmed && trimmed !== text) await onEdit(trimmed);
      setEditing(false);
    });
  };
  return (
    <li className="memory-item">
      {editing ? (
        <form className="memory-item__edit" onSubmit={save}>
          <label className="visually-hidden" htmlFor={inputId}>
            Edit “{text}”
          </label>
          <input
            id={inputId}
            value={draft}
            maxLength={memoryTextLimit}
            // biome-ignore lint/a11y/noAutofocus: the person just chose Edit: the text is what they want
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setEditing(false)}
          />
          <button type="submit" className="button button--primary">
            Save
          </button>
          <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <span className="memory-item__text">
          {text}
          {meta ? <span className="memory-item__meta">{meta}</span> : null}
        </span>
      )}
      {editable && !editing ? (
        <span className="memory-item__actions">
          <button
            type="button"
            className="button button--quiet"
            aria-label={`Edit “${text}”`}
            onClick={() => {
              setDraft(text);
              setEditing(true);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button--quiet button--danger"
            aria-label={`Delete “${text}”`}
            onClick={() => act(onDelete)}
          >
            Delete
          </button>
        </span>
      ) : null}
      {error ? (
        <p className="notice notice--error memory-item__error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
