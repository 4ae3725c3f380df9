import { createServiceClient, UpstreamError } from '@perplexica/http';

export type NotificationKind = 'task_result' | 'reminder' | 'billing' | 'security';

/** One event to tell a user about (notifications-svc's POST /internal/v1/notifications). */
export interface NotifyInput {
  /**
   * The idempotency key, 1..200 characters: the same eventId for the same user is stored and
   * sent once, so a caller retrying after a timeout never notifies twice. Make it name the event
   * ("task:<taskId>:run:<runId>"), not the attempt.
   */
  eventId: string;
  /** auth-svc's user id (a uuid). */
  userId: string;
  orgId?: string | null;
  kind: NotificationKind;
  /** At most 200 characters. */
  title: string;
  /** At most 4000 characters (a push shows a shortened copy). */
  body: string;
  /** Where a click leads: a path of the web app ("/thread/…") or an https URL. */
  url?: string | null;
}

export interface NotifyResult {
  /** The notification's id (the first one's, for a duplicate). */
  id: string;
  /** True when this eventId was already taken in for the user: nothing new was stored or sent. */
  duplicate: boolean;
}

export interface NotificationsClient {
  /**
   * Stores the notification and queues push and email per the user's preferences (202). A
   * refusal (400: a bad field) or notifications-svc unreachable is thrown as an ApiError; the
   * call is safe to retry with the same eventId.
   */
  notify(input: NotifyInput): Promise<NotifyResult>;
}

/** notifications-svc's internal contract, for chat-svc's Tasks, billing-svc and auth-svc. */
export function createNotificationsClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs?: number;
}): NotificationsClient {
  const client = createServiceClient({
    service: 'notifications-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs ?? 5_000,
  });
  return {
    async notify(input) {
      try {
        const reply = await client.call<NotifyResult>('/internal/v1/notifications', {
          method: 'POST',
          body: input,
          // A service-to-service call: the user's own token is not forwarded.
          authorization: '',
        });
        return { id: reply.id, duplicate: reply.duplicate };
      } catch (error) {
        throw error instanceof UpstreamError ? error.toApiError() : error;
      }
    },
  };
}
