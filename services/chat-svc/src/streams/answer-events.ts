import type { Source, UnresponsiveEngine } from '../pipeline/sources.ts';

/** The events of one answer, in the order clients see them (README shows examples). */
export type AnswerEvent =
  | {
      type: 'meta';
      data: {
        threadId: string;
        messageId: string;
        model: string;
        mode: string;
        focus: string;
        language: string | null;
        unresponsiveEngines: UnresponsiveEngine[];
        searchUnavailable: boolean;
        /** search-svc's word to the user (e.g. the local engine has no documents), or null. */
        searchNotice: string | null;
        /** The space the answer was asked in, or null. */
        spaceId: string | null;
        /** The user's files could not be searched (upload-svc down). */
        filesUnavailable: boolean;
        /** Memories recalled into the answer's context, so the app can show what was used. */
        memories: Array<{ id: string; text: string; scope: 'personal' | 'org' }>;
      };
    }
  | { type: 'progress'; data: { kind: 'step' | 'reasoning'; text: string } }
  | { type: 'sources'; data: { sources: Source[] } }
  /** Images and videos for the question (media-svc), sent once they arrive, before `done`. */
  | { type: 'media'; data: { images: unknown[]; videos: unknown[] } }
  | { type: 'delta'; data: { text: string } }
  | { type: 'related'; data: { questions: string[] } }
  | { type: 'done'; data: { status: string; usage: unknown; timings: unknown } }
  | { type: 'error'; data: { code: string; message: string; status: string } };

export type AnswerEventType = AnswerEvent['type'];

export const isTerminal = (type: string) => type === 'done' || type === 'error';

/** Receives an answer's events as they happen: the SSE response and event log, or the OpenAI adapter. */
export interface AnswerSink {
  emit(event: AnswerEvent): void;
}

/** One SSE frame; `data` is always one line of JSON, so it needs no line splitting. */
export function sseFrame(id: number, type: string, data: string): string {
  return `id: ${id}\nevent: ${type}\ndata: ${data}\n\n`;
}
