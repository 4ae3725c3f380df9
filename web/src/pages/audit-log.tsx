import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import {
  type AuditEvent,
  type AuditFilters,
  auditFilterNames,
  auditLog,
  auditQuery,
  type ChainCheck,
} from '../api/audit.ts';
import { ApiFailure, describeError } from '../api/errors.ts';
import { AuditEventRow } from '../components/audit-event-row.tsx';
import { AuditFilterForm } from '../components/audit-filters.tsx';
import { FailureNotice } from '../components/setup-notice.tsx';
import { useQueryParams } from '../lib/use-query-params.ts';
import '../styles/pages.css';
import '../styles/audit.css';

// audit-svc's field names as the filter form labels them, for its validation messages.
const fieldNames: Record<string, string> = {
  from: 'From',
  to: 'To',
  actor: 'Actor',
  action: 'Action',
  target: 'Target',
  outcome: 'Outcome',
  q: 'Search',
  cursor: 'Page',
  format: 'Format',
};

/** "query.action: must be …" → "Action: must be …": the field as the form names it. */
const inWords = (error: unknown) =>
  describeError(error).replace(/^query\.(\w+): /, (whole, field: string) =>
    fieldNames[field] ? `${fieldNames[field]}: ` : whole,
  );

interface Listing {
  events: AuditEvent[];
  nextCursor: string | null;
}

type Verification =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; result: ChainCheck }
  | { status: 'failed'; error: unknown };

/** The result of walking the hash chain, as a sentence. */
function chainInWords(result: ChainCheck): string {
  if (result.ok) {
    return result.checked === 0
      ? 'The chain is intact: there are no events to check yet.'
      : `The chain is intact: all ${result.checked.toLocaleString()} event${result.checked === 1 ? '' : 's'} match their hashes.`;
  }
  return `The chain is broken at event #${result.firstBrokenSeq}: ${result.reason}.`;
}

/**
 * The organization's audit log (audit-svc), for its owners: who did what, filtered by the
 * address's query (so a view can be shared and reloaded), page by page, exported as CSV or
 * JSON Lines with the same filters, and its hash chain verified. Anyone else gets audit-svc's
 * 404, shown as "not available" rather than as an error.
 */
export function AuditLogPage() {
  const params = useQueryParams();
  const [, navigate] = useLocation();
  const fromAddress: AuditFilters = {};
  for (const name of auditFilterNames) {
    const value = params.get(name);
    if (value) fromAddress[name] = value;
  }
  const key = auditQuery(fromAddress).toString();
  // One object per set of filters, so effects re-run when the filters change, not every render.
  const filters = useMemo(() => Object.fromEntries(new URLSearchParams(key)) as AuditFilters, [key]);

  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [verification, setVerification] = useState<Verification>({ status: 'idle' });
  const [exporting, setExporting] = useState<'csv' | 'jsonl' | null>(null);
  const [exported, setExported] = useState<{ file?: string; error?: unknown } | null>(null);

  // The first page again whenever the filters change; `attempt` changes on "Try again".
  useEffect(() => {
    let current = true;
    setListing(null);
    setError(null);
    setBusy(true);
    auditLog.list(filters).then(
      (page) => {
        if (!current) return;
        setListing(page);
        setBusy(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [filters, attempt]);

  const apply = (next: AuditFilters) => {
    const query = auditQuery(next).toString();
    navigate(query ? `/audit-log?${query}` : '/audit-log');
  };

  const more = async () => {
    if (!listing?.nextCursor || busy) return;
    setBusy(true);
    setError(null);
    try {
      const page = await auditLog.list(filters, listing.nextCursor);
      setListing({ events: [...listing.events, ...page.events], nextCursor: page.nextCursor });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    setVerification({ status: 'busy' });
    try {
      setVerification({ status: 'done', result: await auditLog.verify() });
    } catch (failure) {
      setVerification({ status: 'failed', error: failure });
    }
  };

  const download = async (format: 'csv' | 'jsonl') => {
    setExporting(format);
    setExported(null);
    try {
      setExported({ file: await auditLog.download(filters, format) });
    } catch (failure) {
      setExported({ error: failure });
    } finally {
      setExporting(null);
    }
  };

  if (error instanceof ApiFailure && error.status === 404) {
    return (
      <div className="page page--narrow">
        <h1>Audit log</h1>
        <section className="notice notice--info" aria-label="Audit log not available">
          <p>
            <strong>The audit log is not available to you.</strong>
          </p>
          <p>
            It is kept for each organization and read by its owners. If you need to know who did what in
            yours, ask an owner of your organization.
          </p>
        </section>
      </div>
    );
  }

  const filtered = key !== '';
  const events = listing?.events ?? [];
  return (
    <div className="page page--wide audit">
      <div className="audit__head">
        <h1>Audit log</h1>
        <div className="audit__tools">
          <button
            type="button"
            className="button"
            onClick={() => download('csv')}
            disabled={exporting !== null}
          >
            {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => download('jsonl')}
            disabled={exporting !== null}
          >
            {exporting === 'jsonl' ? 'Exporting…' : 'Export JSON Lines'}
          </button>
          <button type="button" className="button" onClick={verify} disabled={verification.status === 'busy'}>
            {verification.status === 'busy' ? 'Verifying…' : 'Verify chain'}
          </button>
        </div>
      </div>
      <p className="muted audit__intro">
        Who did what in your organization, newest first. Events are append-only and linked in a hash chain, so
        an edited or deleted event is found when the chain is verified.
        {filtered ? ' Exports carry the filters below.' : ''}
      </p>

      <div aria-live="polite">
        {verification.status === 'done' ? (
          <p
            className={`notice ${verification.result.ok ? 'notice--success' : 'notice--error'} audit__verify`}
            role="status"
          >
            {chainInWords(verification.result)}
          </p>
        ) : null}
        {verification.status === 'failed' ? (
          <p className="notice notice--error" role="alert">
            Could not verify the chain: {describeError(verification.error)}
          </p>
        ) : null}
        {exported?.file ? (
          <p className="notice notice--success" role="status">
            Downloaded {exported.file}.
          </p>
        ) : null}
        {exported?.error ? (
          <p className="notice notice--error" role="alert">
            The export failed: {inWords(exported.error)}
          </p>
        ) : null}
      </div>

      <AuditFilterForm filters={filters} onApply={apply} />

      {error && !(error instanceof ApiFailure && error.code === 'validation_failed') ? (
        <FailureNotice error={error} onRetry={listing ? more : () => setAttempt((n) => n + 1)} />
      ) : null}
      {error instanceof ApiFailure && error.code === 'validation_failed' ? (
        <p className="notice notice--error" role="alert">
          {inWords(error)}
        </p>
      ) : null}
      {busy && !listing ? <p className="muted">Loading events…</p> : null}
      {listing && events.length === 0 ? (
        <p className="muted">
          {filtered
            ? 'No events match these filters.'
            : 'No events yet. They appear here as people sign in, upload, share and change settings.'}
        </p>
      ) : null}
      {events.length > 0 ? (
        <>
          <p className="muted audit__count" aria-live="polite">
            {events.length} event{events.length === 1 ? '' : 's'} shown
            {listing?.nextCursor ? ', more below' : ''}
          </p>
          <div className="table-scroll audit__scroll">
            <table className="data-table audit-table">
              <caption className="visually-hidden">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">IP</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <AuditEventRow key={event.eventId} event={event} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {listing?.nextCursor ? (
        <div className="load-more">
          <button type="button" className="button" onClick={more} disabled={busy}>
            {busy ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
