import { type FormEvent, useEffect, useState } from 'react';
import { type AuditFilters, auditOutcomes } from '../api/audit.ts';

/** "2026-11-30T08:12:00.000Z" → "2026-11-30T09:12" in the reader's zone, for a datetime-local input. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local value (the reader's zone) as the ISO instant audit-svc expects. */
function fromLocalInput(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * The audit log's filters as a form: nothing is asked until "Apply" (or Enter), so typing an
 * action name does not send a request per key. The applied filters live in the address.
 */
export function AuditFilterForm({
  filters,
  onApply,
}: {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const [problem, setProblem] = useState<string | null>(null);
  // The address changed (back button, Clear): the form shows what is applied.
  const applied = JSON.stringify(filters);
  useEffect(() => setDraft(JSON.parse(applied) as AuditFilters), [applied]);

  const set = (name: keyof AuditFilters) => (value: string) => setDraft({ ...draft, [name]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.to && new Date(draft.to) <= new Date(draft.from)) {
      setProblem('“To” must be later than “From”.');
      return;
    }
    setProblem(null);
    onApply(draft);
  };
  const text = (name: 'actor' | 'action' | 'target' | 'q', label: string, placeholder: string) => (
    <label className="field audit-filters__field">
      <span>{label}</span>
      <input
        type={name === 'q' ? 'search' : 'text'}
        value={draft[name] ?? ''}
        placeholder={placeholder}
        maxLength={name === 'q' ? 200 : 301}
        onChange={(event) => set(name)(event.target.value)}
      />
    </label>
  );

  return (
    <form className="audit-filters" onSubmit={submit} aria-label="Filter the audit log">
      <div className="audit-filters__grid">
        <label className="field audit-filters__field">
          <span>From</span>
          <input
            type="datetime-local"
            value={toLocalInput(draft.from)}
            onChange={(event) => set('from')(fromLocalInput(event.target.value))}
          />
        </label>
        <label className="field audit-filters__field">
          <span>To</span>
          <input
            type="datetime-local"
            value={toLocalInput(draft.to)}
            onChange={(event) => set('to')(fromLocalInput(event.target.value))}
          />
        </label>
        {text('actor', 'Actor', 'user or key id')}
        {text('action', 'Action', 'auth.sign_in or auth.*')}
        {text('target', 'Target', 'file or file:id')}
        <label className="field audit-filters__field">
          <span>Outcome</span>
          <select value={draft.outcome ?? ''} onChange={(event) => set('outcome')(event.target.value)}>
            <option value="">Any</option>
            {auditOutcomes.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome}
              </option>
            ))}
          </select>
        </label>
        {text('q', 'Search', 'text in actions, targets, details')}
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="audit-filters__actions">
        <button type="submit" className="button button--primary">
          Apply filters
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            setProblem(null);
            onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
