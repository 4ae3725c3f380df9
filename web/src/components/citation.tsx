import type { Source } from '../api/types.ts';
import { sourceLabel } from '../lib/format.ts';

/**
 * A citation [n] in an answer: a small link to the source that opens it in a new tab, and on hover
 * or keyboard focus a card with its title, site and snippet.
 */
export function Citation({ n, source }: { n: number; source: Source | undefined }) {
  if (!source) return <span className="citation citation--missing">[{n}]</span>;
  const external = !source.url.startsWith('file:');
  return (
    <span className="citation-wrap">
      <a
        className="citation"
        href={external ? source.url : undefined}
        target="_blank"
        rel="noopener noreferrer"
        aria-label={`Source ${n}: ${source.title}`}
        data-citation={n}
      >
        {n}
      </a>
      <span className="citation-card" role="tooltip">
        <span className="citation-card__site">{sourceLabel(source.url)}</span>
        <span className="citation-card__title">{source.title}</span>
        {source.snippet ? (
          <span className="citation-card__snippet">{source.snippet.slice(0, 220)}</span>
        ) : null}
      </span>
    </span>
  );
}
