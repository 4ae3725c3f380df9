import { describe, expect, it } from 'vitest';
import { chunkPages } from '../src/processing/chunk-text.ts';

const options = { chunkChars: 200, overlapChars: 40, maxChars: 1_000_000 };
const sentence = (n: number) => `Sentence number ${n} talks about topic ${n} in some detail.`;

describe('chunkPages', () => {
  it('cuts at sentence ends, overlaps neighbours, and covers every sentence', () => {
    const text = Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ');
    const { chunks, truncated } = chunkPages([{ page: null, text }], options);
    expect(truncated).toBe(false);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(200);
    // Every chunk but the last ends at a sentence end.
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text).toMatch(/\.$/);
    for (let i = 0; i < 30; i++) expect(chunks.some((chunk) => chunk.text.includes(sentence(i)))).toBe(true);
    // Neighbours share text (the overlap).
    const [first, second] = chunks as unknown as [{ text: string }, { text: string }];
    expect(
      first.text.endsWith(second.text.slice(0, 10)) || first.text.includes(second.text.slice(0, 15)),
    ).toBe(true);
  });

  it('never lets a chunk cross a page, and keeps the page number', () => {
    const { chunks } = chunkPages(
      [
        { page: 1, text: 'Page one is short.' },
        { page: 2, text: 'Page two is short too.' },
      ],
      options,
    );
    expect(chunks).toEqual([
      { index: 0, page: 1, text: 'Page one is short.' },
      { index: 1, page: 2, text: 'Page two is short too.' },
    ]);
  });

  it('stays bounded on text without spaces, and drops NUL characters', () => {
    const blob = `${'A'.repeat(5_000)}\u0000`;
    const { chunks } = chunkPages([{ page: null, text: blob }], options);
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(5_000 / 50) + 1);
    expect(chunks.every((chunk) => !chunk.text.includes('\u0000'))).toBe(true);
  });

  it('indexes only the first maxChars of a huge file and says so', () => {
    const { chunks, truncated } = chunkPages(
      [
        { page: 1, text: 'x '.repeat(400) },
        { page: 2, text: 'y '.repeat(400) },
      ],
      { ...options, maxChars: 1_000 },
    );
    expect(truncated).toBe(true);
    expect(chunks.every((chunk) => chunk.page !== 2 || chunk.text.length <= 200)).toBe(true);
    expect(
      chunks
        .map((chunk) => chunk.text)
        .join('')
        .replaceAll(' ', '').length,
    ).toBeLessThan(1_000);
  });
});
