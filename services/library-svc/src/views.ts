import type { MessageRow, ThreadRow } from './db/schema.ts';
import { sharedThreadPath } from './share-ids.ts';

/** A thread as its owner (or chat-svc) sees it. */
export function threadView(row: ThreadRow) {
  return {
    id: row.id,
    title: row.title,
    mode: row.mode,
    focus: row.focus,
    spaceId: row.space_id,
    orgId: row.org_id,
    saved: row.saved,
    shareId: row.share_id,
    sharePath: row.share_id ? sharedThreadPath(row.share_id) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function messageView(row: MessageRow) {
  return {
    id: row.id,
    threadId: row.thread_id,
    query: row.query,
    answer: row.answer,
    sources: row.sources,
    related: row.related,
    mode: row.mode,
    focus: row.focus,
    model: row.model,
    status: row.status,
    error: row.error,
    usage: row.usage,
    timings: row.timings,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * What anyone holding the link sees: the conversation, nothing about who had it or how it ran
 * (no user, org, space, ids, usage, timings or internal errors).
 */
export function sharedThreadView(thread: ThreadRow, messages: MessageRow[]) {
  return {
    thread: {
      title: thread.title,
      mode: thread.mode,
      focus: thread.focus,
      createdAt: thread.created_at.toISOString(),
      updatedAt: thread.updated_at.toISOString(),
    },
    messages: messages.map((message) => ({
      query: message.query,
      answer: message.answer,
      sources: message.sources,
      related: message.related,
      mode: message.mode,
      focus: message.focus,
      model: message.model,
      status: message.status,
      createdAt: message.created_at.toISOString(),
    })),
  };
}
