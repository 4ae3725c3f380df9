import type { AuditEventInput } from '@perplexica/audit';
import type { Focus, Mode } from './request.ts';

/** What a `question.ask` event says about a question: how it was asked, never what. */
interface AskedQuestion {
  mode: Mode;
  focus: Focus;
  spaceId?: string | undefined;
}

/** Audit details are bounded (8 KiB); a long question keeps its opening. */
const QUESTION_TEXT_CHARS = 2_000;

/**
 * The `question.ask` audit event for an accepted question. Its text is there only when given,
 * which the caller does when the org's audit policy says to keep it; otherwise questions stay
 * private. Target: the thread (POST /api/v1/chat), or the completion for the Sonar-compatible
 * API, which has no thread.
 */
export function questionAskedEvent(
  asked: ({ threadId: string } | { completionId: string }) & {
    request: AskedQuestion;
    followUp: boolean;
    /** The question's text, when the org's policy records it. */
    text?: string;
  },
): Pick<AuditEventInput, 'action' | 'target' | 'details'> {
  const { mode, focus, spaceId } = asked.request;
  const text = asked.text === undefined ? {} : { question: asked.text.slice(0, QUESTION_TEXT_CHARS) };
  return {
    action: 'question.ask',
    target:
      'threadId' in asked
        ? { type: 'thread', id: asked.threadId }
        : { type: 'completion', id: asked.completionId },
    details: { mode, focus, ...(spaceId ? { spaceId } : {}), followUp: asked.followUp, ...text },
  };
}
