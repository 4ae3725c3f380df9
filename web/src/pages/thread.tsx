import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { exportThread } from '../api/create.ts';
import { ApiFailure, describeError } from '../api/errors.ts';
import { library, shareUrl } from '../api/library.ts';
import { ask, dropFinished, factsOf, useLiveAnswers } from '../api/live-answers.ts';
import { spaces } from '../api/spaces.ts';
import type { Focus, Message, Mode, Thread } from '../api/types.ts';
import { AddToCollection } from '../components/add-to-collection.tsx';
import { AnswerTurn, type Turn } from '../components/answer-turn.tsx';
import { AskBox } from '../components/ask-box.tsx';
import { ExportMenu } from '../components/export-menu.tsx';
import { download, fileNameFor, threadToMarkdown } from '../lib/export.ts';

const savedTurn = (message: Message): Turn => ({
  key: message.id,
  query: message.query,
  text: message.answer,
  sources: message.sources,
  related: message.related,
  steps: [],
  notices: [],
  memories: factsOf(message.id)?.memories ?? [],
  filesUnavailable: factsOf(message.id)?.filesUnavailable ?? false,
  media: factsOf(message.id)?.media ?? null,
  model: message.model,
  status: message.status === 'complete' ? 'done' : message.status === 'failed' ? 'failed' : 'incomplete',
  error: message.status === 'failed' ? 'This answer failed before it was written.' : null,
});

/** "Spaces / Northwind HR": the space a thread was asked in, and the way back to it. */
function SpaceBreadcrumb({ spaceId }: { spaceId: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    spaces.get(spaceId).then(
      ({ space }) => setName(space.name),
      // Left or removed from the space: the thread is still the person's, the space is not shown.
      () => setName(null),
    );
  }, [spaceId]);
  if (!name) return null;
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link href="/spaces">Spaces</Link>
      <span aria-hidden="true"> / </span>
      <Link href={`/spaces/${spaceId}`}>{name}</Link>
    </nav>
  );
}

/** A thread: its saved questions and answers, the ones streaming now, and a box to follow up. */
export function ThreadPage({ threadId }: { threadId: string }) {
  const [thread, setThread] = useState<Thread | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [shareLink, setShareLink] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const live = useLiveAnswers(threadId);
  const end = useRef<HTMLDivElement>(null);

  const reload = useCallback(async () => {
    try {
      const opened = await library.open(threadId);
      setThread(opened.thread);
      setMessages(opened.messages);
      setLoadError(null);
      dropFinished(threadId, new Set(opened.messages.map((message) => message.id)));
    } catch (error) {
      // A brand-new thread is saved when its first answer ends: until then only the live one exists.
      if (error instanceof ApiFailure && error.code === 'not_found') setThread(null);
      else setLoadError(describeError(error));
    }
  }, [threadId]);

  useEffect(() => {
    setShareLink(null);
    void reload();
  }, [reload]);

  // When an answer streaming here ends, the library has it: show the saved version.
  const streaming = live.filter(({ state }) => state.status === 'connecting' || state.status === 'streaming');
  const hooked = useRef(new WeakSet<object>());
  useEffect(() => {
    for (const { answer } of live) {
      if (hooked.current.has(answer)) continue;
      hooked.current.add(answer);
      void answer.finished.then(() => reload());
    }
  });

  const savedIds = new Set(messages.map((message) => message.id));
  const turns: Array<{ turn: Turn; stop?: () => void }> = [
    ...messages.map((message) => ({ turn: savedTurn(message) })),
    ...live
      .filter(({ state }) => !state.messageId || !savedIds.has(state.messageId))
      .map(({ answer, state }) => ({
        turn: {
          key: state.messageId ?? `pending-${state.request.query}`,
          query: state.request.query,
          text: state.text,
          sources: state.sources,
          related: state.related,
          steps: state.steps,
          notices: state.notices,
          memories: state.memories,
          filesUnavailable: state.filesUnavailable,
          media: state.media,
          model: state.model,
          status: state.status,
          error: state.error,
          quota: state.quota,
        },
        stop: () => void answer.stop(),
      })),
  ];

  // A first answer asked with a space's defaults has no mode of its own until chat-svc names it.
  const mode: Mode = thread?.mode ?? live[0]?.state.request.mode ?? 'speed';
  const focus: Focus = thread?.focus ?? live[0]?.state.request.focus ?? 'web';
  // A thread asked in a space stays in it (chat-svc would keep it anyway; saying so is clearer).
  const spaceId = thread?.spaceId ?? live[0]?.state.spaceId ?? undefined;
  const followUp = (query: string, askMode: Mode = mode, askFocus: Focus = focus) => {
    ask({ query, mode: askMode, focus: askFocus, threadId, ...(spaceId ? { spaceId } : {}) });
    setTimeout(() => end.current?.scrollIntoView({ behavior: 'smooth', block: 'end' }), 50);
  };

  if (loadError && turns.length === 0) {
    return (
      <div className="page page--narrow">
        <p className="notice notice--error" role="alert">
          {loadError}
        </p>
        <Link href="/library">Back to the library</Link>
      </div>
    );
  }
  if (!thread && turns.length === 0) {
    return (
      <div className="page page--narrow">
        <h1>This thread does not exist</h1>
        <p>It may have been deleted. Your other threads are in the library.</p>
        <Link href="/library" className="button button--primary">
          Open the library
        </Link>
      </div>
    );
  }

  const title = thread?.title ?? turns[0]?.turn.query ?? 'Thread';
  const share = async () => {
    setActionError(null);
    try {
      const { shareId } = await library.share(threadId);
      const link = shareUrl(shareId);
      setShareLink(link);
      await navigator.clipboard?.writeText(link).catch(() => {});
    } catch (error) {
      setActionError(describeError(error));
    }
  };
  const bookmark = async () => {
    if (!thread) return;
    try {
      setThread((await library.bookmark(threadId, !thread.saved)).thread);
    } catch (error) {
      setActionError(describeError(error));
    }
  };
  // The Markdown made from what the page shows: for an answer not saved yet, or create-svc down.
  const markdownHere = () => {
    const name = fileNameFor(title);
    download(
      name,
      threadToMarkdown(
        title,
        turns.map(({ turn }) => ({ query: turn.query, answer: turn.text, sources: turn.sources })),
      ),
    );
    return name;
  };

  return (
    <div className="page thread">
      {spaceId ? <SpaceBreadcrumb spaceId={spaceId} /> : null}
      <header className="thread__head">
        {/* The first question is the heading below; a title of its own shows only once renamed. */}
        <h1 className={title === turns[0]?.turn.query ? 'visually-hidden' : 'thread__title'}>{title}</h1>
        <div className="thread__actions">
          <button
            type="button"
            className="button button--quiet"
            onClick={bookmark}
            disabled={!thread}
            aria-pressed={thread?.saved ?? false}
          >
            {thread?.saved ? 'Bookmarked' : 'Bookmark'}
          </button>
          <button type="button" className="button button--quiet" onClick={share} disabled={!thread}>
            Share
          </button>
          <ExportMenu
            title={title}
            saved={Boolean(thread) && streaming.length === 0}
            download={(format) => exportThread(threadId, format)}
            localMarkdown={markdownHere}
          />
          {thread ? <AddToCollection threadId={threadId} title={title} /> : null}
          {/* The latest question, to be asked again on a schedule (Tasks). */}
          <Link
            href={`/tasks?${new URLSearchParams({ query: turns.at(-1)?.turn.query ?? title, mode, focus })}`}
            className="button button--quiet"
            title="Schedule this question"
          >
            Schedule
          </Link>
        </div>
      </header>
      {shareLink ? (
        <p className="notice notice--info" role="status">
          Anyone with this link can read the thread (it is copied): <a href={shareLink}>{shareLink}</a>{' '}
          <button
            type="button"
            className="link-button"
            onClick={async () => {
              await library.unshare(threadId).catch(() => {});
              setShareLink(null);
            }}
          >
            Stop sharing
          </button>
        </p>
      ) : null}
      {actionError ? (
        <p className="notice notice--error" role="alert">
          {actionError}
        </p>
      ) : null}
      {turns.map(({ turn, stop }, index) => (
        <AnswerTurn
          key={turn.key}
          turn={turn}
          isLast={index === turns.length - 1}
          actions={{
            ...(stop ? { onStop: stop } : {}),
            onRewrite: () => followUp(turn.query),
            onRelated: (question) => followUp(question),
          }}
        />
      ))}
      <div ref={end} />
      <div className="thread__follow-up">
        <AskBox
          // A space thread's first answer may run on the space's defaults: once the saved thread
          // names its mode and focus, the box starts over with them.
          key={`${mode}/${focus}`}
          onAsk={followUp}
          placeholder="Ask a follow-up…"
          compact
          busy={streaming.length > 0}
          initialMode={mode}
          initialFocus={focus}
        />
      </div>
    </div>
  );
}
