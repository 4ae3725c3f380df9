import { useEffect, useState } from 'react';
import { billing, formatCount, type OrgUsageDay } from '../api/billing.ts';
import { ApiFailure, describeError } from '../api/errors.ts';
import { formatDate } from '../lib/format.ts';

const metricWords: Record<string, string> = { quality_answer: 'Quality answers' };
const DAYS = 30;

/**
 * For an organization's owners: its metered use per day over the last 30 days (uses, how many
 * people, how many were paid with credits). billing-svc answers 404 to anyone else, and then
 * nothing is shown.
 */
export function BillingOrgUsage({ version }: { version: number }) {
  const [rows, setRows] = useState<OrgUsageDay[] | null>(null);
  const [hidden, setHidden] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    billing.orgUsage(DAYS).then(
      ({ usage }) => {
        if (!current) return;
        setRows(usage);
        setError(null);
      },
      (failure: unknown) => {
        if (!current) return;
        if (failure instanceof ApiFailure && failure.status === 404) setHidden(true);
        else setError(describeError(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [version]);

  if (hidden) return null;
  const total = rows?.reduce((sum, row) => sum + row.uses, 0) ?? 0;
  return (
    <section className="panel billing-org" aria-labelledby="billing-org-title">
      <h2 id="billing-org-title">Your organization’s use</h2>
      <p className="muted">
        Metered answers by everyone in your organization over the last {DAYS} days (days end at midnight UTC).
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {rows === null && !error ? <p className="muted">Loading…</p> : null}
      {rows && rows.length === 0 ? <p>No metered use in the last {DAYS} days.</p> : null}
      {rows && rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table billing-org__table">
            <caption className="visually-hidden">
              Your organization’s use per day, last {DAYS} days, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">What</th>
                <th scope="col" className="billing-org__number">
                  Uses
                </th>
                <th scope="col" className="billing-org__number">
                  People
                </th>
                <th scope="col" className="billing-org__number">
                  Paid with credits
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.day}-${row.metric}`}>
                  <th scope="row">{formatDate(row.day, { weekday: 'short' })}</th>
                  <td>{metricWords[row.metric] ?? row.metric}</td>
                  <td className="billing-org__number">{formatCount(row.uses)}</td>
                  <td className="billing-org__number">{formatCount(row.users)}</td>
                  <td className="billing-org__number">{formatCount(row.paidWithCredits)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  In {DAYS} days
                </th>
                <td className="billing-org__number">{formatCount(total)}</td>
                <td colSpan={2} />
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </section>
  );
}
