import { useSyncExternalStore } from 'react';
import { type AnswerState, type AskRequest, LiveAnswer } from './answer-stream.ts';
import { authorizedFetch } from './client.ts';
import type { AnswerMedia } from './media.ts';
import type { UsedMemory } from './memory.ts';

/**
 * The answers streaming in this tab, kept outside React so that moving between pages (home →
 * thread → library and back) never restarts or loses one.
 */
const live: LiveAnswer[] = [];
const listeners = new Set<() => void>();
let version = 0;
const notify = () => {
  version += 1;
  for (const listener of listeners) listener();
};

export function ask(request: AskRequest): LiveAnswer {
  const answer = new LiveAnswer(request, authorizedFetch);
  live.push(answer);
  answer.subscribe(notify);
  void answer.run();
  notify();
  return answer;
}

/** Resolves with the thread id as soon as the server has named it (the first response headers). */
export function threadIdOf(answer: LiveAnswer): Promise<string | null> {
  return new Promise((resolve) => {
    const check = () => {
      if (answer.state.threadId) resolve(answer.state.threadId);
      else if (answer.state.status === 'failed') resolve(null);
      else return false;
      unsubscribe();
      return true;
    };
    const unsubscribe = answer.subscribe(() => void check());
    check();
  });
}

/** The live answers of one thread, oldest first, re-rendering as they stream. */
export function useLiveAnswers(
  threadId: string | undefined,
): Array<{ answer: LiveAnswer; state: AnswerState }> {
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => version,
  );
  return live
    .filter((answer) => threadId !== undefined && answer.state.threadId === threadId)
    .map((answer) => ({ answer, state: answer.state }));
}

/** What an answer's `meta` and `media` events said that library-svc does not keep with the saved message. */
export interface AnswerFacts {
  memories: UsedMemory[];
  filesUnavailable: boolean;
  media: AnswerMedia | null;
}

// Kept for the life of the tab (a bounded number), so an answer still says which memories it used
// after its saved copy from the library replaces the live one.
const facts = new Map<string, AnswerFacts>();
const MAX_FACTS = 200;

/** The meta facts of an answer streamed in this tab, by message id. */
export const factsOf = (messageId: string): AnswerFacts | undefined => facts.get(messageId);

function remember(state: AnswerState): void {
  if (!state.messageId) return;
  facts.set(state.messageId, {
    memories: state.memories,
    filesUnavailable: state.filesUnavailable,
    media: state.media,
  });
  if (facts.size > MAX_FACTS) facts.delete(facts.keys().next().value as string);
}

/** Forget the finished answers of a thread once the library shows them. */
export function dropFinished(threadId: string, messageIds: Set<string>): void {
  for (let i = live.length - 1; i >= 0; i -= 1) {
    const answer = live[i] as LiveAnswer;
    const { state } = answer;
    if (
      state.threadId === threadId &&
      state.messageId &&
      messageIds.has(state.messageId) &&
      state.status !== 'streaming' &&
      state.status !== 'connecting'
    ) {
      remember(state);
      live.splice(i, 1);
    }
  }
  notify();
}
