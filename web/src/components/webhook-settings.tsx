import { type FormEvent, useEffect, useState } from 'react';
import { ApiFailure, describeError } from '../api/errors.ts';
import {
  type DeliveryStatus,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
  webhookEvents,
  webhookHost,
  webhooks,
} from '../api/webhooks.ts';
import { timeAgo } from '../lib/format.ts';
import { StatusChip } from './status-chip.tsx';

const deliveryWords: Record<
  DeliveryStatus,
  { tone: 'queued' | 'processing' | 'ready' | 'failed'; text: string }
> = {
  pending: { tone: 'queued', text: 'Waiting' },
  retrying: { tone: 'processing', text: 'Retrying' },
  delivered: { tone: 'ready', text: 'Delivered' },
  failed: { tone: 'failed', text: 'Failed' },
};

const eventLabel = (event: WebhookEvent) => (event === 'task.run' ? 'task runs' : 'quality answers');

/** The refusal split into the URL's message, the events' message, and anything else. */
function errorsOf(failure: unknown): { url?: string; events?: string; general?: string } {
  if (!(failure instanceof ApiFailure) || failure.issues.length === 0)
    return { general: describeError(failure) };
  const errors: { url?: string; events?: string; general?: string } = {};
  const rest: string[] = [];
  for (const issue of failure.issues) {
    const path = issue.path.replace(/^body\.?/, '');
    const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
    if (path === 'url') errors.url ??= message;
    else if (path.startsWith('events')) errors.events ??= message;
    else rest.push(`${path || 'Request'}: ${issue.message}`);
  }
  if (rest.length > 0) errors.general = rest.join('. ');
  return errors;
}

/** A secret shown once, after creating or rotating, with a copy button and what to do with it. */
function SecretOnce({ secret, onDone }: { secret: { host: string; value: string }; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice notice--success" role="status">
      <p>
        The signing secret for <strong>{secret.host}</strong>. Copy it now: it will not be shown again. Your
        receiver uses it to check that requests come from Perplexica.
      </p>
      <code className="secret" data-testid="webhook-secret">
        {secret.value}
      </code>{' '}
      <button
        type="button"
        className="button button--quiet"
        onClick={async () => {
          await navigator.clipboard?.writeText(secret.value).catch(() => {});
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy secret'}
      </button>{' '}
      <button type="button" className="link-button" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

/** The newest deliveries of one webhook: how each went and when. */
function DeliveryLog({ webhook, version }: { webhook: Webhook; version: number }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    webhooks.deliveries(webhook.id).then(
      ({ deliveries }) => {
        setDeliveries(deliveries);
        setError(null);
      },
      (failure) => setError(describeError(failure)),
    );
  useEffect(() => void load(), [webhook.id, version]);
  const host = webhookHost(webhook.url);
  return (
    <section className="webhook-log" aria-label={`Deliveries to ${host}`}>
      <p>
        <strong>Recent deliveries</strong>{' '}
        <button type="button" className="link-button" onClick={() => void load()}>
          Refresh deliveries
        </button>
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {deliveries && deliveries.length === 0 ? <p className="muted">Nothing sent yet.</p> : null}
      {deliveries && deliveries.length > 0 ? (
        <table className="webhook-deliveries">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Response</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => {
              const words = deliveryWords[delivery.status] ?? { tone: 'queued', text: delivery.status };
              return (
                <tr key={delivery.id} className="webhook-delivery" data-status={delivery.status}>
                  <td>{delivery.event}</td>
                  <td>
                    <StatusChip tone={words.tone}>{words.text}</StatusChip>
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>
                    {delivery.responseStatus ?? '—'}
                    {delivery.error ? <span className="muted"> {delivery.error}</span> : null}
                  </td>
                  <td title={delivery.lastAttemptAt ?? delivery.createdAt}>
                    {timeAgo(delivery.lastAttemptAt ?? delivery.createdAt)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * Settings → Webhooks: the user's endpoints for task results and quality answers, each signed
 * with a secret shown once, and each one's delivery log.
 */
export function WebhookSettings() {
  const [list, setList] = useState<Webhook[] | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['task.run']);
  const [errors, setErrors] = useState<ReturnType<typeof errorsOf>>({});
  const [secret, setSecret] = useState<{ host: string; value: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const refresh = () =>
    webhooks.list().then(
      ({ webhooks: found }) => {
        setList(found);
        setVersion((n) => n + 1);
      },
      (failure) => setErrors({ general: describeError(failure) }),
    );
  useEffect(() => void refresh(), []);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setBusy(true);
    try {
      const created = await webhooks.create({ url: url.trim(), events });
      setSecret({ host: webhookHost(created.webhook.url), value: created.secret });
      setUrl('');
      await refresh();
    } catch (failure) {
      setErrors(errorsOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const act = async (work: () => Promise<unknown>) => {
    setErrors({});
    try {
      await work();
      await refresh();
    } catch (failure) {
      setErrors({ general: describeError(failure) });
    }
  };
  const rotate = (webhook: Webhook) =>
    act(async () => {
      const host = webhookHost(webhook.url);
      if (!window.confirm(`Make a new secret for ${host}? The old one stops working at once.`)) return;
      const rotated = await webhooks.rotateSecret(webhook.id);
      setSecret({ host, value: rotated.secret });
    });
  const remove = (webhook: Webhook) =>
    act(async () => {
      const host = webhookHost(webhook.url);
      if (!window.confirm(`Delete the webhook to ${host}? Its delivery log goes with it.`)) return;
      await webhooks.remove(webhook.id);
    });

  return (
    <section className="panel" id="webhooks" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="muted">
        Perplexica sends a signed POST to your URL (Zapier, n8n, your own server) when a task runs or a
        Quality answer finishes, and retries until it arrives.
      </p>
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      <form className="webhook-form" aria-label="New webhook" onSubmit={add}>
        <label className="field">
          <span>Webhook URL</span>
          <input
            required
            type="url"
            value={url}
            placeholder="https://hooks.example.com/perplexica"
            onChange={(event) => setUrl(event.target.value)}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? 'webhook-url-error' : undefined}
          />
          {errors.url ? (
            <small id="webhook-url-error" className="field-error" role="alert">
              {errors.url}
            </small>
          ) : null}
        </label>
        <fieldset className="choices">
          <legend>Send when</legend>
          {webhookEvents.map(({ event, label }) => (
            <label key={event} className="checkbox">
              <input
                type="checkbox"
                checked={events.includes(event)}
                onChange={(change) =>
                  setEvents(change.target.checked ? [...events, event] : events.filter((e) => e !== event))
                }
              />{' '}
              {label}
            </label>
          ))}
          {errors.events ? (
            <small className="field-error" role="alert">
              {errors.events}
            </small>
          ) : null}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy || events.length === 0}>
          Add webhook
        </button>
      </form>
      {errors.general ? (
        <p className="notice notice--error" role="alert">
          {errors.general}
        </p>
      ) : null}
      {list && list.length === 0 ? <p className="muted">No webhooks yet.</p> : null}
      <ul className="webhook-list">
        {(list ?? []).map((webhook) => {
          const host = webhookHost(webhook.url);
          return (
            <li key={webhook.id} className="webhook-item" data-active={webhook.active}>
              <p>
                <span className="key-list__name">{host}</span>{' '}
                <StatusChip tone={webhook.active ? 'ready' : 'queued'}>
                  {webhook.active ? 'Active' : 'Paused'}
                </StatusChip>{' '}
                <span className="muted">
                  {webhook.events.map(eventLabel).join(', ')} · added {timeAgo(webhook.createdAt)}
                </span>
              </p>
              <p>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => act(() => webhooks.setActive(webhook.id, !webhook.active))}
                  aria-label={`${webhook.active ? 'Pause' : 'Resume'} ${host}`}
                >
                  {webhook.active ? 'Pause' : 'Resume'}
                </button>{' '}
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => rotate(webhook)}
                  aria-label={`New secret for ${host}`}
                >
                  New secret
                </button>{' '}
                <button
                  type="button"
                  className="button button--quiet button--danger"
                  onClick={() => remove(webhook)}
                  aria-label={`Delete ${host}`}
                >
                  Delete
                </button>
              </p>
              <DeliveryLog webhook={webhook} version={version} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
