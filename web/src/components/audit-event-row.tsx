import { Fragment, useState } from 'react';
import type { AuditEvent } from '../api/audit.ts';

const actorTypes: Record<AuditEvent['actor']['type'], string> = {
  user: 'user',
  api_key: 'API key',
  service: 'service',
  anonymous: 'anonymous',
};

/** Long ids (uuids) cut to their first characters in the table; the details show them whole. */
const shortId = (id: string) => (id.length > 14 ? `${id.slice(0, 8)}…` : id);

const fullTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/**
 * One event as a table row, and (once asked for) a second row with everything else it carries:
 * details, service, request, user agent, its place in the chain. `data-label` names each cell
 * where a phone stacks them.
 */
export function AuditEventRow({ event }: { event: AuditEvent }) {
  const [open, setOpen] = useState(false);
  const detailsId = `audit-${event.eventId}`;
  return (
    <Fragment>
      <tr className={open ? 'audit-row audit-row--open' : 'audit-row'}>
        <td data-label="Time">
          <time dateTime={event.time} title={event.time}>
            {fullTime(event.time)}
          </time>
        </td>
        <td data-label="Actor">
          <span className="muted">{actorTypes[event.actor.type]}</span>{' '}
          <code title={event.actor.id}>{shortId(event.actor.id)}</code>
        </td>
        <td data-label="Action" className="audit-table__nowrap">
          <code>{event.action}</code>
        </td>
        <td data-label="Target">
          {event.target ? (
            <>
              <span className="muted">{event.target.type}</span>{' '}
              <code title={event.target.id}>{shortId(event.target.id)}</code>
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td data-label="Outcome" className="audit-table__nowrap">
          <span className={`outcome outcome--${event.outcome}`}>{event.outcome}</span>
        </td>
        <td data-label="IP" className="audit-table__nowrap">
          {event.ip ?? <span className="muted">—</span>}
        </td>
        <td data-label="Details">
          <button
            type="button"
            className="button button--quiet audit-row__toggle"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Show'}
            <span className="visually-hidden"> details of {event.action}</span>
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="audit-details" id={detailsId}>
          <td colSpan={7}>
            <dl className="audit-details__list">
              <dt>Details</dt>
              <dd>
                {Object.keys(event.details).length > 0 ? (
                  <pre>{JSON.stringify(event.details, null, 2)}</pre>
                ) : (
                  <span className="muted">none</span>
                )}
              </dd>
              <dt>Actor</dt>
              <dd>
                {actorTypes[event.actor.type]} <code>{event.actor.id}</code>
              </dd>
              <dt>Service</dt>
              <dd>{event.service}</dd>
              <dt>User agent</dt>
              <dd>{event.userAgent ?? <span className="muted">—</span>}</dd>
              <dt>Request id</dt>
              <dd>{event.requestId ? <code>{event.requestId}</code> : <span className="muted">—</span>}</dd>
              <dt>Event id</dt>
              <dd>
                <code>{event.eventId}</code>
              </dd>
              <dt>Chain</dt>
              <dd>
                #{event.seq} · <code className="audit-details__hash">{event.hash}</code>
              </dd>
            </dl>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
