import type { Source } from '../api/types.ts';
import { fileHref, fileSourceOf, pageLabel } from '../lib/file-sources.ts';
import { sourceLabel } from '../lib/format.ts';

/**
 * A citation [n] in an answer: a small link to the source that opens it in a new tab, and on hover
 * or keyboard focus a card with its title, site and snippet. A citation of the researcher's own
 * file opens the file (through the app's /files/:id route) at the cited page.
 */
export function Citation({ n, source }: { n: number; source: Source | undefined }) {
  if (!source) return <span className="citation citation--missing">[{n}]</span>;
  const file = fileSourceOf(source);
  const href = file ? fileHref(file) : source.url.startsWith('file:') ? undefined : source.url;
  return (
    <span className="citation-wrap">
      <a
        className={`citation${file ? ' citation--file' : ''}`}
        href={href}
        target="_blank"
        rel={file ? 'noopener' : 'noopener noreferrer'}
        aria-label={`Source ${n}: ${file ? `${file.name}, ${pageLabel(file)}` : source.title}`}
        data-citation={n}
      >
        {n}
      </a>
      <span className="citation-card" role="tooltip">
        <span className="citation-card__site">
          {file ? `Your file · ${pageLabel(file)}` : sourceLabel(source.url)}
        </span>
        <span className="citation-card__title">{file ? file.name : source.title}</span>
        {source.snippet ? (
          <span className="citation-card__snippet">{source.snippet.slice(0, 220)}</span>
        ) : null}
      </span>
    </span>
  );
}
