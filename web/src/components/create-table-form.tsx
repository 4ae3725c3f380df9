import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import { create, type GivenData, type TableArtifact } from '../api/create.ts';
import { CreateDataInput, type DataDraft, emptyDraft, givenDataFrom } from './create-data-input.tsx';
import { CreateDownloadButton } from './create-download-button.tsx';
import { fieldMessage, formMessage } from './create-field-errors.tsx';
import { CreatePromptField } from './create-prompt-field.tsx';
import { CreateSetupNotice } from './create-setup-notice.tsx';
import { CreateTableView } from './create-table-view.tsx';
import { isNotConfigured } from './setup-notice.tsx';

const placedPaths = ['body.data', 'body.prompt', 'body.title'];

/**
 * A table from data the person gives (pasted or read from a file; create-svc types its columns,
 * no model needed), from a description (the model builds it), or both (the model reshapes the
 * data as asked). The result is shown as a table, ready to download or chart.
 */
export function CreateTableForm({ onCreated }: { onCreated?: (artifact: TableArtifact) => void }) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [draft, setDraft] = useState<DataDraft>(emptyDraft);
  const [prompt, setPrompt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<TableArtifact | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const data = givenDataFrom(draft);
    if (data && 'problem' in data) {
      setProblem(data.problem);
      return;
    }
    if (!data && !prompt.trim()) {
      setProblem('Give data, describe the table you want, or both.');
      return;
    }
    setBusy(true);
    try {
      const input: { title?: string; prompt?: string; data?: GivenData } = {};
      if (title.trim()) input.title = title.trim();
      if (prompt.trim()) input.prompt = prompt.trim();
      if (data) input.data = data;
      const { artifact } = await create.table(input);
      setMade(artifact);
      onCreated?.(artifact);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const dataError = problem && draft.text.trim() ? problem : fieldMessage(error, 'body.data');
  const promptError = fieldMessage(error, 'body.prompt');
  const titleError = fieldMessage(error, 'body.title');
  const general = isNotConfigured(error) ? null : formMessage(error, placedPaths);
  return (
    <section className="create-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Make a table</h2>
      <p className="muted">
        Paste CSV or JSON, or read a file: its columns are typed (numbers, dates, links, text) as it is. Or
        describe the table you want, and the model builds it (with your data, it reshapes that).
      </p>
      <form className="create-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-title`}>
            <span>Title (optional)</span>
          </label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={200}
            placeholder="Nordic cities"
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError ? `${id}-title-error` : undefined}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        {titleError ? (
          <p id={`${id}-title-error`} className="field-error" role="alert">
            {titleError}
          </p>
        ) : null}
        <CreateDataInput draft={draft} onChange={setDraft} error={dataError} />
        <CreatePromptField
          id={id}
          label="Describe the table (optional; needs a model)"
          placeholder="The five largest Nordic cities with their country and population"
          value={prompt}
          error={promptError}
          onChange={setPrompt}
        />
        {problem && !draft.text.trim() ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="create-form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Making the table…' : 'Make table'}
          </button>
        </div>
      </form>
      {isNotConfigured(error) ? <CreateSetupNotice kind="model" /> : null}
      {general ? (
        <p className="notice notice--error" role="alert">
          {general}
        </p>
      ) : null}
      {made ? (
        <div className="create-result">
          <p className="visually-hidden" role="status">
            Made the table “{made.title}”: {made.table.rowCount} rows.
          </p>
          <div className="create-result__head">
            <h3>{made.title}</h3>
            <div className="create-result__actions">
              <CreateDownloadButton artifact={made} />
              <Link className="button" href={`/create?tab=dashboard&table=${made.id}`}>
                Chart it
              </Link>
              <Link className="button button--quiet" href={`/create/${made.id}`}>
                Open
              </Link>
            </div>
          </div>
          <CreateTableView
            title={made.title}
            columns={made.table.columns}
            rows={made.table.rows ?? []}
            rowCount={made.table.rowCount}
          />
        </div>
      ) : null}
    </section>
  );
}
