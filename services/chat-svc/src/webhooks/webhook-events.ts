import type { Logger } from '@perplexica/observability';
import type { LibraryClient } from '../clients/library-client.ts';
import type { ChatConfig } from '../config.ts';
import type { TaskRow, TaskRunRow, WebhookEvent } from '../db/schema.ts';
import type { Source } from '../pipeline/sources.ts';
import { queueDelivery, type WebhookQueue } from './webhook-queue.ts';
import type { WebhookRepository } from './webhook-repository.ts';

/** What reporting an event needs (ChatContext has all of it). */
export interface WebhookEventDeps {
  config: ChatConfig;
  logger: Logger;
  library: LibraryClient;
  webhooks: WebhookRepository;
  webhookQueue: WebhookQueue;
}

/** A source as a webhook carries it: what a receiver needs to show or follow a citation. */
export interface WebhookSource {
  n: number;
  title: string;
  url: string;
  snippet: string;
  publishedDate: string | null;
}

function webhookSources(sources: Array<Partial<Source> & { index?: number }>): WebhookSource[] {
  return sources.map((source, position) => ({
    n: source.n ?? source.index ?? position + 1,
    title: source.title ?? '',
    url: source.url ?? '',
    snippet: source.snippet ?? '',
    publishedDate: source.publishedDate ?? null,
  }));
}

/**
 * Reports one happening to the owner's webhooks subscribed to `event`: a delivery row per webhook
 * (the body fixed now, so every attempt sends the same bytes) and a queue job per delivery. The
 * key names the happening, so reporting it twice (a retried run) sends nothing twice. `data` is
 * only built when someone is subscribed.
 */
export async function enqueueWebhookEvent(
  deps: WebhookEventDeps,
  event: { userId: string; type: WebhookEvent; key: string; data: () => Promise<unknown> | unknown },
): Promise<number> {
  const subscribed = await deps.webhooks.subscribedTo(event.userId, event.type);
  if (subscribed.length === 0) return 0;
  const data = await event.data();
  const createdAt = new Date().toISOString();
  for (const webhook of subscribed) {
    const delivery = await deps.webhooks.deliveryFor({
      webhookId: webhook.id,
      event: event.type,
      eventKey: event.key,
      body: (id) => JSON.stringify({ id, type: event.type, createdAt, data }),
    });
    // Queued once: a delivery already attempted is the queue's (or settled) already.
    if (delivery.status === 'pending' && delivery.attempts === 0) {
      await queueDelivery(deps.webhookQueue, deps.config, delivery.id);
    }
  }
  return subscribed.length;
}

/**
 * A task run that answered: `task.run` with the task, the saved thread, the excerpt and the
 * sources (read back from library-svc, where the run saved them, so a retried run has them too).
 * Throws when it cannot be queued, so the run's job is retried rather than the event lost.
 */
export function announceTaskRun(deps: WebhookEventDeps, task: TaskRow, run: TaskRunRow): Promise<number> {
  if (task.kind !== 'task' || !run.thread_id) return Promise.resolve(0);
  const threadId = run.thread_id;
  return enqueueWebhookEvent(deps, {
    userId: task.user_id,
    type: 'task.run',
    key: `task-run:${run.id}`,
    data: async () => {
      const thread = await deps.library.getThread(threadId, task.user_id);
      // The run's answer opens the thread it saved (the owner may have followed up since).
      const message = thread?.messages[0] as { sources?: Source[] } | undefined;
      return {
        taskId: task.id,
        runId: run.id,
        title: task.title,
        query: task.query,
        threadId,
        excerpt: run.excerpt ?? '',
        sources: webhookSources(message?.sources ?? []),
      };
    },
  });
}

/**
 * A finished quality answer on /api/v1/chat: `answer.quality` to the asker's webhooks. Never
 * fails the answer: a queue that is down is logged (the answer itself is saved in the library).
 */
export async function announceQualityAnswer(
  deps: WebhookEventDeps,
  answer: {
    userId: string;
    threadId: string;
    messageId: string;
    question: string;
    answer: string;
    sources: Source[];
  },
): Promise<void> {
  try {
    await enqueueWebhookEvent(deps, {
      userId: answer.userId,
      type: 'answer.quality',
      key: `answer:${answer.messageId}`,
      data: () => ({
        threadId: answer.threadId,
        messageId: answer.messageId,
        question: answer.question,
        answer: answer.answer,
        sources: webhookSources(answer.sources),
      }),
    });
  } catch (error) {
    deps.logger.warn({ err: error, messageId: answer.messageId }, 'could not queue the answer’s webhooks');
  }
}
