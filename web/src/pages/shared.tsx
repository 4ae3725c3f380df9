import { useEffect, useState } from 'react';
import { exportSharedThread } from '../api/create.ts';
import { openShared, type SharedThread } from '../api/library.ts';
import { AnswerTurn } from '../components/answer-turn.tsx';
import { ExportMenu } from '../components/export-menu.tsx';

/** A thread someone shared: read-only, no account needed. */
export function SharedPage({ shareId }: { shareId: string }) {
  const [shared, setShared] = useState<SharedThread | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    openShared(shareId).then(setShared, (failure: Error) => setError(failure.message));
  }, [shareId]);
  return (
    <div className="page thread shared">
      <p className="muted">
        A shared thread from <a href="/">Perplexica</a>. It is read-only.
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {shared ? (
        <>
          <header className="thread__head">
            <h1 className="thread__title">{shared.thread.title}</h1>
            <div className="thread__actions">
              <ExportMenu
                title={shared.thread.title}
                download={(format) => exportSharedThread(shareId, format)}
              />
            </div>
          </header>
          {shared.messages.map((message, index) => (
            <AnswerTurn
              key={`${index}-${message.createdAt}`}
              isLast={false}
              actions={{}}
              turn={{
                key: `${index}`,
                query: message.query,
                text: message.answer,
                sources: message.sources,
                related: [],
                steps: [],
                notices: [],
                memories: [],
                filesUnavailable: false,
                model: message.model,
                status: message.status === 'complete' ? 'done' : 'incomplete',
                error: null,
              }}
            />
          ))}
        </>
      ) : null}
    </div>
  );
}
