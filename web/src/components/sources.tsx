import type { Source } from '../api/types.ts';
import { sourceLabel } from '../lib/format.ts';
import { SourceIcon } from './source-icon.tsx';

/** The numbered sources above an answer, as cards that open the source. */
export function Sources({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return null;
  return (
    <section className="sources" aria-label="Sources">
      <h3 className="section-label">Sources</h3>
      <ol className="source-cards">
        {sources.map((source) => (
          <li key={source.n}>
            <a
              className="source-card"
              href={source.url.startsWith('file:') ? undefined : source.url}
              target="_blank"
              rel="noopener noreferrer"
              title={source.title}
            >
              <span className="source-card__title">{source.title}</span>
              <span className="source-card__meta">
                <SourceIcon url={source.url} />
                <span className="source-card__site">{sourceLabel(source.url)}</span>
                <span className="source-card__n">{source.n}</span>
              </span>
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
