import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../src/search/canonical-url.ts';
import { mergeResults } from '../src/search/merge-results.ts';

describe('canonicalUrl', () => {
  it('treats host case, www., tracking parameters, fragments and trailing slashes as the same page', () => {
    const variants = [
      'https://Example.com/guide/',
      'https://www.example.com/guide',
      'https://example.com/guide?utm_source=news&utm_medium=email',
      'https://example.com/guide?fbclid=abc123',
      'https://example.com/guide?gclid=xyz#section-2',
    ];
    expect(new Set(variants.map(canonicalUrl))).toEqual(new Set([canonicalUrl('https://example.com/guide')]));
  });

  it('keeps parameters that change the page', () => {
    expect(canonicalUrl('https://example.com/item?id=1')).not.toBe(
      canonicalUrl('https://example.com/item?id=2'),
    );
    expect(canonicalUrl('https://example.com/a?b=2&a=1')).toBe(canonicalUrl('https://example.com/a?a=1&b=2'));
  });
});

describe('mergeResults', () => {
  it('merges duplicates, keeping the first place and the union of engines', () => {
    const base = { snippet: '', publishedDate: null, thumbnail: null };
    const merged = mergeResults([
      { ...base, title: 'Guide', url: 'https://www.example.com/guide/', engines: ['google'] },
      { ...base, title: 'Other', url: 'https://other.example/', engines: ['bing'] },
      {
        ...base,
        title: 'Guide (copy)',
        url: 'https://example.com/guide?utm_campaign=x',
        engines: ['bing', 'google'],
        snippet: 'The guide.',
        thumbnail: 'https://example.com/t.png',
      },
    ]);
    expect(merged).toEqual([
      {
        ...base,
        title: 'Guide',
        url: 'https://www.example.com/guide/',
        engines: ['google', 'bing'],
        snippet: 'The guide.',
        thumbnail: 'https://example.com/t.png',
      },
      { ...base, title: 'Other', url: 'https://other.example/', engines: ['bing'] },
    ]);
  });
});
