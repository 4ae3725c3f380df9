import type { AuditEventInput } from '@perplexica/audit';
import type { Focus, Mode } from './request.ts';

/** What a `question.ask` event says about a question: how it was asked, never what. */
interface AskedQuestion {
  mode: Mode;
  focus: Focus;
  spaceId?: string | undefined;
}

/**
 * The `question.ask` audit event for an accepted question. The question's text is deliberately
 * not taken: questions stay private by default, and an org policy to include it is not built.
 * Target: the thread (POST /api/v1/chat), or the completion for the Sonar-compatible API, which
 * has no thread.
 */
export function questionAskedEvent(
  asked: ({ threadId: string } | { completionId: string }) & { request: AskedQuestion; followUp: boolean },
): Pick<AuditEventInput, 'action' | 'target' | 'details'> {
  const { mode, focus, spaceId } = asked.request;
  return {
    action: 'question.ask',
    target:
      'threadId' in asked
        ? { type: 'thread', id: asked.threadId }
        : { type: 'completion', id: asked.completionId },
    details: { mode, focus, ...(spaceId ? { spaceId } : {}), followUp: asked.followUp },
  };
}
