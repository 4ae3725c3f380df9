import { api } from './client.ts';

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

const base = '/api/v1/webhooks';

export const webhooks = {
  list: () => api<{ webhooks: Webhook[] }>(base),
  /** The secret comes back only here and from rotateSecret: the list never carries it. */
  create: (input: { url: string; events: WebhookEvent[]; description?: string }) =>
    api<{ webhook: Webhook; secret: string }>(base, { method: 'POST', body: input }),
  setActive: (id: string, active: boolean) =>
    api<{ webhook: Webhook }>(`${base}/${id}`, { method: 'PATCH', body: { active } }),
  rotateSecret: (id: string) =>
    api<{ webhook: Webhook; secret: string }>(`${base}/${id}/rotate-secret`, { method: 'POST' }),
  remove: (id: string) => api<void>(`${base}/${id}`, { method: 'DELETE' }),
  deliveries: (id: string, limit = 10) =>
    api<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>(
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
