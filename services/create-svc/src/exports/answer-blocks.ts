/** A run of text inside a block, with the little formatting PDF and DOCX keep. */
export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: string;
}

export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'bullet'; depth: number; inlines: Inline[] }
  | { kind: 'numbered'; number: string; inlines: Inline[] }
  | { kind: 'quote'; inlines: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

const inlineToken =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(__[^_\n]+__)|(\[[^\]\n]+\]\(https?:\/\/[^)\s]+\))|(\*[^*\s][^*\n]*\*)/g;

/** `code`, **bold**, __bold__, *italic* and [text](http…) links; everything else is plain text. */
export function parseInlines(text: string): Inline[] {
  const inlines: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(inlineToken)) {
    const index = match.index;
    if (index > last) inlines.push({ text: text.slice(last, index) });
    const token = match[0];
    if (match[1]) inlines.push({ text: token.slice(1, -1), code: true });
    else if (match[2] || match[3]) inlines.push({ text: token.slice(2, -2), bold: true });
    else if (match[4]) {
      const split = token.indexOf('](');
      inlines.push({ text: token.slice(1, split), link: token.slice(split + 2, -1) });
    } else inlines.push({ text: token.slice(1, -1), italic: true });
    last = index + token.length;
  }
  if (last < text.length) inlines.push({ text: text.slice(last) });
  return inlines;
}

/**
 * The answer's Markdown as blocks, for formats that are not Markdown: headings, paragraphs,
 * bullets, numbered items, quotes, fenced code, rules. Table rows stay one line each (their
 * pipes kept), which reads well enough; Markdown export keeps the answer exactly as written.
 */
export function answerBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', inlines: parseInlines(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (
        index++;
        index < lines.length && !(lines[index] as string).trim().startsWith(fence[1] as string);
        index++
      ) {
        code.push(lines[index] as string);
      }
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d{1,9})[.)]\s+(.*)$/.exec(line);
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({
        kind: 'heading',
        level: (heading[1] as string).length,
        inlines: parseInlines(heading[2] as string),
      });
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      blocks.push({ kind: 'rule' });
    } else if (bullet) {
      flush();
      const depth = Math.min(3, Math.floor((bullet[1] as string).replace(/\t/g, '  ').length / 2));
      blocks.push({ kind: 'bullet', depth, inlines: parseInlines(bullet[2] as string) });
    } else if (numbered) {
      flush();
      blocks.push({
        kind: 'numbered',
        number: numbered[1] as string,
        inlines: parseInlines(numbered[2] as string),
      });
    } else if (quote) {
      flush();
      blocks.push({ kind: 'quote', inlines: parseInlines(quote[1] as string) });
    } else if (/^\s*\|/.test(line)) {
      flush();
      // A Markdown table's separator row (|---|:--:|) says nothing in print.
      if (!/^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$/.test(line)) {
        blocks.push({ kind: 'paragraph', inlines: parseInlines(line.trim()) });
      }
    } else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

export const inlineText = (inlines: readonly Inline[]) => inlines.map((inline) => inline.text).join('');
