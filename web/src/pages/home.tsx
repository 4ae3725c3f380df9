import { useState } from 'react';
import { useLocation } from 'wouter';
import type { QuotaExceeded } from '../api/billing.ts';
import { ask, threadIdOf } from '../api/live-answers.ts';
import type { Focus, Mode } from '../api/types.ts';
import { AskBox } from '../components/ask-box.tsx';
import { BillingQuotaNotice } from '../components/billing-quota-notice.tsx';
import { useQueryParams } from '../lib/use-query-params.ts';

const examples = [
  'How do solar panels turn sunlight into electricity?',
  'What causes the northern lights?',
  'Explain how vaccines train the immune system',
];

/** The start page: one box to ask in; `?q=` fills it (Discover's "Ask about this"), for the person to send. */
export function HomePage() {
  const [, navigate] = useLocation();
  const prefilled = useQueryParams().get('q') ?? '';
  const [error, setError] = useState<string | null>(null);
  const [quota, setQuota] = useState<QuotaExceeded | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (query: string, mode: Mode = 'speed', focus: Focus = 'web') => {
    setBusy(true);
    setError(null);
    setQuota(null);
    const answer = ask({ query, mode, focus });
    const threadId = await threadIdOf(answer);
    setBusy(false);
    if (threadId) navigate(`/search/${threadId}`);
    else {
      setError(answer.state.error ?? 'The question could not be sent. Please try again.');
      setQuota(answer.state.quota);
    }
  };
  return (
    <div className="page home">
      <h1 className="home__title">What do you want to know?</h1>
      <AskBox
        key={prefilled}
        onAsk={start}
        placeholder="Ask anything…"
        busy={busy}
        autoFocus
        initialQuery={prefilled}
      />
      {quota ? <BillingQuotaNotice quota={quota} /> : null}
      {error && !quota ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="home__examples" aria-label="Examples">
        {examples.map((example) => (
          <li key={example}>
            <button
              type="button"
              className="chip"
              onClick={() => start(example, 'speed', 'web')}
              disabled={busy}
            >
              {example}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
