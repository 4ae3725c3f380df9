import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { type QuotaExceeded, quotaExceededFrom } from './billing.ts';
import { failureFrom } from './errors.ts';
import type { AnswerMedia } from './media.ts';
import type { UsedMemory } from './memory.ts';
import type { Focus, Mode, Source } from './types.ts';

export interface AskRequest {
  query: string;
  /** Absent: the space's default mode (else speed), decided by chat-svc. */
  mode?: Mode;
  /** Absent: the space's default focus (else web). */
  focus?: Focus;
  threadId?: string;
  /** A space: its files are searched and its instructions shape the answer. */
  spaceId?: string;
}

export interface ResearchStep {
  kind: 'step' | 'reasoning';
  text: string;
}

export type AnswerStatus = 'connecting' | 'streaming' | 'done' | 'stopped' | 'failed';

export interface AnswerState {
  request: AskRequest;
  threadId: string | null;
  messageId: string | null;
  model: string | null;
  sources: Source[];
  text: string;
  steps: ResearchStep[];
  related: string[];
  /** Things the person should know: sources unavailable, nothing indexed, engines that did not answer. */
  notices: string[];
  /** Memories recalled into the answer's context, so the person sees what shaped it. */
  memories: UsedMemory[];
  /** The person's files could not be searched (upload-svc did not answer). */
  filesUnavailable: boolean;
  /** The space the answer was asked in, as chat-svc resolved it. */
  spaceId: string | null;
  /** Images and videos for the question (chat-svc's `media` event), or null when none came. */
  media: AnswerMedia | null;
  status: AnswerStatus;
  error: string | null;
  /** The day's quality answers are used up (429 `quota_exceeded`): shown with the way to Billing. */
  quota: QuotaExceeded | null;
  /** How many times a dropped connection was picked up again. */
  resumes: number;
}

/** How requests reach the API: the app's authorized fetch, or a test's. */
export type Send = (path: string, init: RequestInit) => Promise<Response>;

const MAX_RESUMES = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One answer as it streams: POST /api/v1/chat, then every event applied to `state`. If the
 * connection drops before the answer ends, it resumes from the last event id it saw
 * (GET /api/v1/chat/streams/:messageId with Last-Event-ID): the server replays what was missed
 * and the model is not asked again, so the text just carries on.
 */
export class LiveAnswer {
  state: AnswerState;
  #send: Send;
  #listeners = new Set<() => void>();
  #lastEventId = '0';
  #ended = false;

  constructor(request: AskRequest, send: Send) {
    this.#send = send;
    this.state = {
      request,
      threadId: request.threadId ?? null,
      messageId: null,
      model: null,
      sources: [],
      text: '',
      steps: [],
      related: [],
      notices: [],
      memories: [],
      filesUnavailable: false,
      spaceId: request.spaceId ?? null,
      media: null,
      status: 'connecting',
      error: null,
      quota: null,
      resumes: 0,
    };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #resolveFinished: (state: AnswerState) => void = () => {};
  /** Resolves when the answer has ended (done, stopped or failed). */
  readonly finished: Promise<AnswerState> = new Promise((resolve) => {
    this.#resolveFinished = resolve;
  });

  #update(change: Partial<AnswerState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.#listeners) listener();
  }

  #end(change: Partial<AnswerState>): void {
    this.#ended = true;
    this.#update(change);
    this.#resolveFinished(this.state);
  }

  #apply(event: EventSourceMessage): void {
    if (event.id) this.#lastEventId = event.id;
    const data = JSON.parse(event.data);
    switch (event.event) {
      case 'meta': {
        const notices: string[] = [];
        if (data.searchNotice) notices.push(data.searchNotice);
        if (data.unresponsiveEngines?.length) {
          notices.push(
            `Some search engines did not answer: ${data.unresponsiveEngines.map((e: { engine: string }) => e.engine).join(', ')}.`,
          );
        }
        this.#update({
          threadId: data.threadId,
          messageId: data.messageId,
          model: data.model,
          notices,
          memories: Array.isArray(data.memories) ? data.memories : [],
          filesUnavailable: data.filesUnavailable === true,
          spaceId: data.spaceId ?? this.state.spaceId,
          status: 'streaming',
        });
        break;
      }
      case 'progress':
        this.#update({ steps: [...this.state.steps, { kind: data.kind, text: data.text }] });
        break;
      case 'sources':
        this.#update({ sources: data.sources });
        break;
      case 'delta':
        this.#update({ text: this.state.text + data.text, status: 'streaming' });
        break;
      case 'related':
        this.#update({ related: data.questions });
        break;
      case 'media':
        this.#update({
          media: {
            images: Array.isArray(data.images) ? data.images : [],
            videos: Array.isArray(data.videos) ? data.videos : [],
          },
        });
        break;
      case 'done':
        this.#end({ status: data.status === 'complete' ? 'done' : 'stopped' });
        break;
      case 'error':
        this.#end({ status: 'failed', error: data.message });
        break;
    }
  }

  /** Reads SSE from a response until it ends; true when the answer ended in it. */
  async #read(response: Response): Promise<boolean> {
    const parser = createParser({ onEvent: (event) => this.#apply(event) });
    const decoder = new TextDecoder();
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (this.#ended) return true;
    }
    return this.#ended;
  }

  async run(): Promise<AnswerState> {
    try {
      const { request } = this.state;
      const response = await this.#send('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({
          query: request.query,
          // Left out, chat-svc takes the space's defaults.
          ...(request.mode ? { mode: request.mode } : {}),
          ...(request.focus ? { focus: request.focus } : {}),
          ...(request.threadId ? { threadId: request.threadId } : {}),
          ...(request.spaceId ? { spaceId: request.spaceId } : {}),
        }),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        const failure = failureFrom(response.status, body, response.headers.get('retry-after'));
        this.#end({
          status: 'failed',
          error: failure.message,
          quota: quotaExceededFrom(response.status, body),
        });
        return this.state;
      }
      // The ids come as headers too, so the page can move to the thread before the first event.
      this.#update({
        threadId: response.headers.get('x-thread-id') ?? this.state.threadId,
        messageId: response.headers.get('x-message-id'),
      });
      if (await this.#read(response).catch(() => false)) return this.state;
      await this.#resume();
    } catch (error) {
      if (!this.#ended) await this.#resume(error);
    }
    return this.state;
  }

  async #resume(cause?: unknown): Promise<void> {
    const messageId = this.state.messageId;
    if (!messageId) {
      this.#end({ status: 'failed', error: 'Cannot reach Perplexica. Check your connection and try again.' });
      return;
    }
    for (let attempt = 0; attempt < MAX_RESUMES && !this.#ended; attempt += 1) {
      // A quick first try (most drops are a blip), then longer pauses while the network is away.
      await sleep(Math.min(4_000, 100 * 2 ** attempt));
      try {
        const response = await this.#send(`/api/v1/chat/streams/${messageId}`, {
          headers: { accept: 'text/event-stream', 'last-event-id': this.#lastEventId },
        });
        if (response.status === 404) break;
        if (!response.ok) continue;
        this.#update({ resumes: this.state.resumes + 1 });
        if (await this.#read(response).catch(() => false)) return;
      } catch {
        // still offline: try again after a longer pause
      }
    }
    if (!this.#ended) {
      this.#end({
        status: 'failed',
        error:
          cause === undefined
            ? 'The answer was interrupted.'
            : 'The connection dropped and the answer could not be picked up again.',
      });
    }
  }

  /** Asks the server to stop; what was written is kept, and the stream ends with `done`. */
  async stop(): Promise<void> {
    if (!this.state.messageId || this.#ended) return;
    await this.#send(`/api/v1/chat/${this.state.messageId}/stop`, { method: 'POST' }).catch(() => {});
  }
}
