import { authorizedFetch } from './client.ts';
import { ApiFailure, failureFrom } from './errors.ts';
import { FieldFailure, type FieldIssue } from './tasks.ts';

/** What a webhook can be sent, as chat-svc names it (services/chat-svc/README.md, Webhooks). */
export const webhookEvents = [
  { event: 'task.run', label: 'A task ran (its answer and sources)' },
  { event: 'answer.quality', label: 'A Quality answer finished' },
] as const;
export type WebhookEvent = (typeof webhookEvents)[number]['event'];

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  responseExcerpt: string | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  finishedAt: string | null;
}

/** A JSON call that keeps the refusal's field details, so the form can say which field was wrong. */
async function call<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await authorizedFetch(path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const failure = failureFrom(response.status, json, response.headers.get('retry-after'));
    const details = (json as { error?: { details?: unknown } } | null)?.error?.details;
    const issues = Array.isArray(details)
      ? details.filter(
          (issue): issue is FieldIssue =>
            typeof issue?.path === 'string' && typeof (issue as FieldIssue).message === 'string',
        )
      : [];
    throw issues.length > 0 ? new FieldFailure(failure, issues) : failure;
  }
  if (json === null) throw new ApiFailure(response.status, 'bad_gateway', 'The server sent an empty answer.');
  return json as T;
}

const base = '/api/v1/webhooks';

export const webhooks = {
  list: () => call<{ webhooks: Webhook[] }>(base),
  /** The secret comes back only here and from rotateSecret: the list never carries it. */
  create: (input: { url: string; events: WebhookEvent[]; description?: string }) =>
    call<{ webhook: Webhook; secret: string }>(base, 'POST', input),
  setActive: (id: string, active: boolean) =>
    call<{ webhook: Webhook }>(`${base}/${id}`, 'PATCH', { active }),
  rotateSecret: (id: string) =>
    call<{ webhook: Webhook; secret: string }>(`${base}/${id}/rotate-secret`, 'POST'),
  remove: (id: string) => call<void>(`${base}/${id}`, 'DELETE'),
  deliveries: (id: string, limit = 10) =>
    call<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>(
      `${base}/${id}/deliveries?limit=${limit}`,
    ),
};

/** "hooks.zapier.com": where a webhook goes, without the path (which often carries a token). */
export function webhookHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
