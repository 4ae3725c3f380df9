import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { AnswerEvent } from '../streams/answer-events.ts';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The answer's steps worth a progress line (not every token: a few lines per answer). */
function stepOf(event: AnswerEvent, state: { writing: boolean }): string | null {
  switch (event.type) {
    case 'meta':
      return event.data.focus === 'writing' ? null : 'Searched';
    case 'progress':
      return event.data.kind === 'step' ? event.data.text : null;
    case 'sources':
      return event.data.sources.length > 0 ? `Reading ${event.data.sources.length} sources` : null;
    case 'delta':
      if (state.writing) return null;
      state.writing = true;
      return 'Writing the answer';
    default:
      return null;
  }
}

/**
 * Sends the answer's steps as MCP progress notifications when the caller asked for them (a
 * `progressToken` in the request's `_meta`): an agent sees the work going on, and a client that
 * resets its request timeout on progress waits for a long quality answer instead of giving up.
 */
export function answerProgress(extra: ToolExtra): (event: AnswerEvent) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => {};
  const state = { writing: false };
  let progress = 0;
  return (event) => {
    const message = stepOf(event, state);
    if (!message) return;
    progress += 1;
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress, message },
      })
      // The client went away: the answer is being cancelled anyway.
      .catch(() => {});
  };
}
