import { useCallback, useEffect, useState } from 'react';
import {
  billing,
  creditsInWords,
  formatCount,
  type LedgerEntry,
  ledgerKindWords,
  ledgerLineInWords,
} from '../api/billing.ts';
import { describeError } from '../api/errors.ts';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** "+100", "−1": a signed change (a real minus sign), so it reads without its colour. */
const signed = (amount: number) => (amount > 0 ? `+${formatCount(amount)}` : `−${formatCount(-amount)}`);

/**
 * Every movement of the person's credits, newest first, twenty at a time: payments, spends,
 * refunds and grants, each with what it was and the balance after it. `version` changing (a
 * payment settled) loads it again from the top.
 */
export function BillingLedger({ version }: { version: number }) {
  const [entries, setEntries] = useState<LedgerEntry[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    billing.ledger().then(
      (page) => {
        if (!current) return;
        setEntries(page.entries);
        setNextCursor(page.nextCursor);
        setError(null);
      },
      (failure: unknown) => current && setError(describeError(failure)),
    );
    return () => {
      current = false;
    };
  }, [version, attempt]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await billing.ledger(nextCursor);
      setEntries((before) => [...(before ?? []), ...page.entries]);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setLoadingMore(false);
    }
  }, [nextCursor]);

  return (
    <section className="panel billing-ledger" aria-labelledby="billing-ledger-title">
      <h2 id="billing-ledger-title">Credit history</h2>
      {entries === null && !error ? <p className="muted">Loading your credit history…</p> : null}
      {entries && entries.length === 0 ? (
        <p className="muted">Nothing yet. Credits you buy, spend or are given appear here, newest first.</p>
      ) : null}
      {entries && entries.length > 0 ? (
        <ol className="billing-ledger__list" aria-label="Credit history, newest first">
          {entries.map((entry) => (
            <li key={entry.id} className="billing-line" data-kind={entry.kind}>
              <div className="billing-line__what">
                <span className={`billing-kind billing-kind--${entry.kind}`}>
                  {ledgerKindWords[entry.kind]}
                </span>{' '}
                <span className="billing-line__text">{ledgerLineInWords(entry)}</span>
                <time className="muted billing-line__when" dateTime={entry.createdAt}>
                  {when(entry.createdAt)}
                </time>
              </div>
              <div className="billing-line__numbers">
                <span
                  className={`billing-line__amount billing-line__amount--${entry.amount >= 0 ? 'in' : 'out'}`}
                >
                  <span aria-hidden="true">{signed(entry.amount)}</span>
                  <span className="visually-hidden">
                    {entry.amount >= 0 ? 'plus' : 'minus'} {creditsInWords(Math.abs(entry.amount))}
                  </span>
                </span>
                <span className="muted billing-line__after">balance {formatCount(entry.balanceAfter)}</span>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => (entries === null ? setAttempt((n) => n + 1) : loadMore())}
          >
            Try again
          </button>
        </p>
      ) : null}
      {nextCursor ? (
        <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
