import type { CredibilityTier, Source, SourceCredibility } from '../api/types.ts';
import { fileHref, fileSourceOf, pageLabel } from '../lib/file-sources.ts';
import { sourceLabel } from '../lib/format.ts';
import { FileIcon } from './file-icon.tsx';
import { SourceIcon } from './source-icon.tsx';
import '../styles/credibility.css';

const tierLabels: Record<CredibilityTier, string> = {
  primary: 'Primary',
  reputable: 'Reputable',
  unknown: 'Unrated',
  low: 'Low reliability',
};

/** Why the badge says what it says: chat-svc's reasons, or (saved answers) the score and age. */
function credibilityTitle(credibility: SourceCredibility): string {
  if (credibility.reasons && credibility.reasons.length > 0) return credibility.reasons.join(' · ');
  const age =
    credibility.publishedAgeDays === undefined ? [] : [`published ${credibility.publishedAgeDays} days ago`];
  return [`credibility ${Math.round(credibility.score * 100)}%`, ...age].join(' · ');
}

function CredibilityBadge({ credibility }: { credibility: SourceCredibility }) {
  return (
    <span
      className={`credibility-badge credibility-badge--${credibility.tier}`}
      title={credibilityTitle(credibility)}
      data-tier={credibility.tier}
    >
      {tierLabels[credibility.tier] ?? credibility.tier}
    </span>
  );
}

function SourceCard({ source }: { source: Source }) {
  const file = fileSourceOf(source);
  if (file) {
    // One of the researcher's files: opened through the app (a fresh download link), not the web.
    return (
      <a
        className="source-card source-card--file"
        href={fileHref(file)}
        target="_blank"
        rel="noopener"
        title={`${source.title} (your file)`}
        data-file-id={file.fileId}
      >
        <span className="source-card__title">{file.name}</span>
        <span className="source-card__meta">
          <FileIcon />
          <span className="source-card__site">Your file · {pageLabel(file)}</span>
          <span className="source-card__n">{source.n}</span>
        </span>
      </a>
    );
  }
  return (
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
        {source.credibility ? <CredibilityBadge credibility={source.credibility} /> : null}
        <span className="source-card__n">{source.n}</span>
      </span>
    </a>
  );
}

/** The numbered sources above an answer, as cards that open the source. */
export function Sources({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return null;
  return (
    <section className="sources" aria-label="Sources">
      <h3 className="section-label">Sources</h3>
      <ol className="source-cards">
        {sources.map((source) => (
          <li key={source.n}>
            <SourceCard source={source} />
          </li>
        ))}
      </ol>
    </section>
  );
}
