import { memo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Source } from '../api/types.ts';
import { Citation } from './citation.tsx';

const CITE = '#cite-';

/** "[3]" becomes a link the renderer turns into a citation chip (code spans are left alone). */
function linkCitations(text: string): string {
  return text
    .split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/\[(\d{1,3})\](?!\()/g, `[$1](${CITE}$1)`)))
    .join('');
}

/**
 * An answer in Markdown (headings, lists, tables, code) with [n] citations as chips. Model text is
 * never trusted as HTML: react-markdown renders no raw HTML, and links open in a new tab without
 * a referrer.
 */
export const MarkdownAnswer = memo(function MarkdownAnswer({
  text,
  sources,
}: {
  text: string;
  sources: Source[];
}) {
  const components: Components = {
    a({ href, children }) {
      if (href?.startsWith(CITE)) {
        const n = Number(href.slice(CITE.length));
        return <Citation n={n} source={sources.find((source) => source.n === n)} />;
      }
      return (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      );
    },
    table({ children }) {
      return (
        <div className="table-scroll">
          <table>{children}</table>
        </div>
      );
    },
  };
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {linkCitations(text)}
      </Markdown>
    </div>
  );
});
