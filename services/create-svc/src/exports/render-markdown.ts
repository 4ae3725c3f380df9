import { type ExportDocument, isLinkableUrl } from './thread-document.ts';

/** Text that must not turn into Markdown syntax (a title with brackets, stars or a leading #). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|]/g, (char) => `\\${char}`)
    .replace(/^([#+-]|\d+[.)])(?=\s)/, (lead) => `\\${lead}`);
}

/**
 * The thread as Markdown: the title, each question as a section with its answer (kept as the
 * model wrote it, citations renumbered), then the reference list, one `- [n] Title — URL` line
 * per source (GitHub and most viewers turn the bare URL into a link).
 */
export function renderMarkdown(document: ExportDocument): string {
  const lines = [`# ${escapeMarkdown(document.title)}`, ''];
  for (const turn of document.turns) {
    lines.push(`## ${escapeMarkdown(turn.question)}`, '', turn.answer || '_No answer was saved._', '');
  }
  if (document.references.length > 0) {
    lines.push('## Sources', '');
    for (const reference of document.references) {
      const url = isLinkableUrl(reference.url)
        ? reference.url.replace(/[\s<>]/g, encodeURIComponent)
        : escapeMarkdown(reference.url);
      lines.push(`- [${reference.number}] ${escapeMarkdown(reference.title)}${url ? ` — ${url}` : ''}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
