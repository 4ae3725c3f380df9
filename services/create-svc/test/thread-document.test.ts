import { describe, expect, it } from 'vitest';
import { answerBlocks, parseInlines } from '../src/exports/answer-blocks.ts';
import { attachmentDisposition } from '../src/exports/download-name.ts';
import { escapeMarkdown, renderMarkdown } from '../src/exports/render-markdown.ts';
import { threadDocument } from '../src/exports/thread-document.ts';

const message = (answer: string, sources: Array<{ number: number | null; title: string; url: string }>) => ({
  query: 'Q',
  answer,
  sources,
});

describe('threadDocument: one reference list for the whole thread', () => {
  it('numbers sources in order of first appearance, one number per URL, and rewrites citations', () => {
    const document = threadDocument({
      thread: { title: ' T ' },
      messages: [
        message('A [1][2], both [1, 2].', [
          { number: 1, title: 'One', url: 'https://one.example' },
          { number: 2, title: 'Two', url: 'https://two.example' },
        ]),
        message('B [1], C [2], not a source [7], code x[0].', [
          { number: 1, title: 'Two again', url: 'https://two.example' },
          { number: 2, title: 'Three', url: 'https://three.example' },
        ]),
        message('Positional [2].', [
          { number: null, title: 'Four', url: 'https://four.example' },
          { number: null, title: '', url: 'https://five.example' },
        ]),
      ],
    });
    expect(document.title).toBe('T');
    expect(document.turns.map((turn) => turn.answer)).toEqual([
      'A [1][2], both [1, 2].',
      'B [2], C [3], not a source [7], code x[0].',
      'Positional [5].',
    ]);
    expect(document.references).toEqual([
      { number: 1, title: 'One', url: 'https://one.example' },
      { number: 2, title: 'Two', url: 'https://two.example' },
      { number: 3, title: 'Three', url: 'https://three.example' },
      { number: 4, title: 'Four', url: 'https://four.example' },
      { number: 5, title: 'https://five.example', url: 'https://five.example' },
    ]);
  });
});

describe('Markdown safety', () => {
  it('escapes titles so they stay text, and writes only http(s) URLs as links', () => {
    expect(escapeMarkdown('# [Click](javascript:x) *now*')).toBe('\\# \\[Click\\](javascript:x) \\*now\\*');
    const markdown = renderMarkdown({
      title: 'T',
      createdAt: null,
      turns: [],
      references: [
        { number: 1, title: 'Bad', url: 'javascript:alert(1)' },
        { number: 2, title: 'Spaced', url: 'https://x.example/a b' },
      ],
    });
    expect(markdown).toContain('- [1] Bad — javascript:alert(1)');
    expect(markdown).toContain('- [2] Spaced — https://x.example/a%20b');
  });
});

describe('answerBlocks: the Markdown PDF and DOCX keep', () => {
  it('splits headings, lists, quotes, code, rules and table rows; joins paragraph lines', () => {
    const blocks = answerBlocks(
      '## Heading\nLine one\nline two\n\n- item\n  - nested\n1. first\n> quoted\n```\ncode [1]\n```\n---\n| a | b |\n|---|---|\n| 1 | 2 |',
    );
    expect(blocks.map((block) => block.kind)).toEqual([
      'heading',
      'paragraph',
      'bullet',
      'bullet',
      'numbered',
      'quote',
      'code',
      'rule',
      'paragraph',
      'paragraph',
    ]);
    expect(blocks[1]).toEqual({ kind: 'paragraph', inlines: [{ text: 'Line one line two' }] });
    expect(blocks[3]).toMatchObject({ kind: 'bullet', depth: 1 });
    expect(blocks[6]).toEqual({ kind: 'code', text: 'code [1]' });
  });

  it('keeps bold, italic, code and http links; leaves citations and snake_case alone', () => {
    expect(parseInlines('A **b** *c* `d` [e](https://e.example) [1] snake_case [x](javascript:y)')).toEqual([
      { text: 'A ' },
      { text: 'b', bold: true },
      { text: ' ' },
      { text: 'c', italic: true },
      { text: ' ' },
      { text: 'd', code: true },
      { text: ' ' },
      { text: 'e', link: 'https://e.example' },
      { text: ' [1] snake_case [x](javascript:y)' },
    ]);
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII name and the UTF-8 one, without characters a file system refuses', () => {
    expect(attachmentDisposition('Héllo: "world"/2026', 'pdf', 'thread')).toBe(
      `attachment; filename="hello-world-2026.pdf"; filename*=UTF-8''H%C3%A9llo%20world%202026.pdf`,
    );
    expect(attachmentDisposition('水', 'md', 'thread-1234')).toBe(
      `attachment; filename="thread-1234.md"; filename*=UTF-8''%E6%B0%B4.md`,
    );
  });
});
