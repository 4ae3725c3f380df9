import { useState } from 'react';
import { type CitedClaim, discover, type StorySource, type StoryTriangulation } from '../api/discover.ts';
import { describeError } from '../api/errors.ts';

/** A claim's citations: one chip per outlet making it, linking to that outlet's report. */
function OutletChips({ outlets, sources }: { outlets: number[]; sources: StorySource[] }) {
  return (
    <span className="triangulation__chips">
      {outlets.map((n) => {
        const source = sources.find((entry) => entry.n === n);
        return source ? (
          <a
            key={n}
            className="triangulation__chip"
            href={source.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Source ${n}: ${source.outlet}, ${source.title}`}
          >
            {n} · {source.outlet}
          </a>
        ) : (
          <span key={n} className="triangulation__chip">
            {n}
          </span>
        );
      })}
    </span>
  );
}

function ClaimList({ claims, sources }: { claims: CitedClaim[]; sources: StorySource[] }) {
  return (
    <ul className="triangulation__claims">
      {claims.map((entry) => (
        <li key={`${entry.claim}-${entry.outlets.join(',')}`}>
          {entry.claim} <OutletChips outlets={entry.outlets} sources={sources} />
        </li>
      ))}
    </ul>
  );
}

function TriangulationBody({ reply }: { reply: StoryTriangulation }) {
  const { triangulation, sources } = reply;
  if (!triangulation) return <p className="muted">Only one outlet reports this story: nothing to compare.</p>;
  const { agreements, differences, singleSource } = triangulation;
  return (
    <>
      <section aria-label="Where outlets agree">
        <h3 className="triangulation__heading">Where outlets agree</h3>
        {agreements.length > 0 ? (
          <ClaimList claims={agreements} sources={sources} />
        ) : (
          <p className="muted">No claim is made in the same terms by two outlets.</p>
        )}
      </section>
      <section aria-label="Where outlets differ">
        <h3 className="triangulation__heading">Where outlets differ</h3>
        {differences.length > 0 ? (
          <ul className="triangulation__claims">
            {differences.map((difference) => (
              <li key={difference.topic}>
                <span className="triangulation__topic">
                  {difference.topic}
                  {difference.differsOn.length > 0 ? (
                    <span className="muted"> (different {difference.differsOn.join(', ')})</span>
                  ) : null}
                </span>
                <ClaimList claims={difference.positions} sources={sources} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No outlet contradicts another on numbers, dates or names.</p>
        )}
      </section>
      {singleSource.length > 0 ? (
        <section aria-label="Reported by one outlet only">
          <h3 className="triangulation__heading">Reported by one outlet only</h3>
          <ClaimList claims={singleSource} sources={sources} />
        </section>
      ) : null}
      <p className="muted triangulation__note">
        Compared sentence by sentence from the outlets' own words; numbers, dates and names must match to
        count as agreement.
      </p>
    </>
  );
}

/**
 * "Where outlets agree / differ" under a story: loaded when first opened (the feed does not carry
 * it), each claim with chips citing the outlets that make it.
 */
export function TriangulationView({ storyId, topicId }: { storyId: string; topicId: string }) {
  const [reply, setReply] = useState<StoryTriangulation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async () => {
    if (reply || loading) return;
    setLoading(true);
    setError(null);
    try {
      setReply(await discover.triangulation(storyId, topicId));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setLoading(false);
    }
  };

  return (
    <details
      className="triangulation"
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open) void load();
      }}
    >
      <summary>Where outlets agree and differ</summary>
      <div className="triangulation__body" aria-live="polite" aria-busy={loading}>
        {loading ? <p className="muted">Comparing the outlets…</p> : null}
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}{' '}
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setError(null);
                void load();
              }}
            >
              Try again
            </button>
          </p>
        ) : null}
        {reply ? <TriangulationBody reply={reply} /> : null}
      </div>
    </details>
  );
}
