import { useState } from 'react';
import { Link } from 'wouter';
import type { AnswerStatus, ResearchStep } from '../api/answer-stream.ts';
import type { QuotaExceeded } from '../api/billing.ts';
import type { AnswerMedia } from '../api/media.ts';
import type { UsedMemory } from '../api/memory.ts';
import type { Source } from '../api/types.ts';
import { BillingQuotaNotice } from './billing-quota-notice.tsx';
import { MarkdownAnswer } from './markdown-answer.tsx';
import { MediaStrip } from './media-strip.tsx';
import { MemoriesUsed } from './memories-used.tsx';
import { Sources } from './sources.tsx';

export interface Turn {
  key: string;
  query: string;
  text: string;
  sources: Source[];
  related: string[];
  steps: ResearchStep[];
  notices: string[];
  /** Memories recalled for this answer (known for answers streamed in this tab). */
  memories: UsedMemory[];
  /** The person's files were to be searched but upload-svc did not answer. */
  filesUnavailable: boolean;
  /** Images and videos for the question (known for answers streamed in this tab). */
  media?: AnswerMedia | null;
  model: string | null;
  status: AnswerStatus | 'incomplete';
  error: string | null;
  /** The day's quality answers were used up: said with the way to more on Billing. */
  quota?: QuotaExceeded | null;
}

export interface TurnActions {
  onStop?: () => void;
  onRewrite?: () => void;
  onRelated?: (question: string) => void;
}

/** One question and its answer: sources, research steps, the answer as it streams, related questions. */
export function AnswerTurn({ turn, actions, isLast }: { turn: Turn; actions: TurnActions; isLast: boolean }) {
  const [copied, setCopied] = useState(false);
  const streaming = turn.status === 'connecting' || turn.status === 'streaming';
  const copy = async () => {
    await navigator.clipboard?.writeText(turn.text).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 1_500);
  };
  const steps = turn.steps.filter((step) => step.kind === 'step');
  return (
    <article className="turn" aria-busy={streaming}>
      <h2 className="turn__query">{turn.query}</h2>
      {turn.notices.map((notice) => (
        <p key={notice} className="notice notice--info">
          {notice}
        </p>
      ))}
      {turn.filesUnavailable ? (
        <p className="notice notice--warning">
          Your files were not searched for this answer: the file service did not answer. Check them on the{' '}
          <Link href="/files">Files</Link> page, then ask again.
        </p>
      ) : null}
      <Sources sources={turn.sources} />
      {steps.length > 0 ? (
        <details className="steps" open={streaming}>
          <summary>Research steps ({steps.length})</summary>
          <ol>
            {steps.map((step, index) => (
              <li key={`${index}-${step.text}`}>{step.text}</li>
            ))}
          </ol>
        </details>
      ) : null}
      <section className="answer" aria-label="Answer">
        <h3 className="section-label">
          Answer{' '}
          {turn.model === 'extractive' ? (
            <span
              className="badge"
              title="No language model is configured: this answer is built from sentences of the sources"
            >
              extractive
            </span>
          ) : null}
        </h3>
        <MemoriesUsed memories={turn.memories} />
        {turn.text === '' && streaming ? <p className="thinking">Searching and reading…</p> : null}
        <MarkdownAnswer text={turn.text} sources={turn.sources} />
        {streaming ? <span className="caret" aria-hidden="true" /> : null}
        {turn.status === 'failed' && turn.quota ? <BillingQuotaNotice quota={turn.quota} /> : null}
        {turn.status === 'failed' && turn.error && !turn.quota ? (
          <p className="notice notice--error" role="alert">
            {turn.error}
          </p>
        ) : null}
        {turn.status === 'stopped' || turn.status === 'incomplete' ? (
          <p className="muted">Stopped; this answer is incomplete.</p>
        ) : null}
      </section>
      <MediaStrip media={turn.media} query={turn.query} />
      <div className="turn__actions">
        {streaming && actions.onStop ? (
          <button type="button" className="button button--quiet" onClick={actions.onStop}>
            Stop
          </button>
        ) : (
          <>
            <button type="button" className="button button--quiet" onClick={copy} disabled={!turn.text}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            {actions.onRewrite ? (
              <button type="button" className="button button--quiet" onClick={actions.onRewrite}>
                Rewrite
              </button>
            ) : null}
          </>
        )}
      </div>
      {turn.related.length > 0 && isLast && actions.onRelated ? (
        <section className="related" aria-label="Related questions">
          <h3 className="section-label">Related</h3>
          <ul>
            {turn.related.map((question) => (
              <li key={question}>
                <button type="button" className="related__item" onClick={() => actions.onRelated?.(question)}>
                  {question}
                  <span aria-hidden="true">+</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
