import { describe, expect, it } from 'vitest';
import { normaliseSearxngResult } from '../src/searxng/searxng-client.ts';

describe('normaliseSearxngResult', () => {
  it('maps SearXNG’s wire result onto the one shape', () => {
    expect(
      normaliseSearxngResult({
        url: ' https://example.com/a ',
        title: ' A page ',
        content: 'What it says.',
        engine: 'google',
        engines: ['google', 'bing'],
        publishedDate: '2026-01-02T00:00:00',
        thumbnail: '',
        img_src: 'https://example.com/a.png',
        // SearXNG sends much more; none of it leaks through.
        positions: [1],
        score: 3,
      } as never),
    ).toEqual({
      title: 'A page',
      url: 'https://example.com/a',
      snippet: 'What it says.',
      engines: ['google', 'bing'],
      publishedDate: new Date('2026-01-02T00:00:00').toISOString(),
      thumbnail: 'https://example.com/a.png',
    });
  });

  it('fills what is missing: engine alone, no title, no or unparsable date', () => {
    expect(
      normaliseSearxngResult({
        url: 'https://example.com/b',
        engine: 'bing',
        publishedDate: 'yesterday-ish',
      }),
    ).toEqual({
      title: 'https://example.com/b',
      url: 'https://example.com/b',
      snippet: '',
      engines: ['bing'],
      publishedDate: null,
      thumbnail: null,
    });
  });

  it('drops results that do not point at a web page', () => {
    expect(normaliseSearxngResult({ url: 'javascript:alert(1)', title: 'x' })).toBeNull();
    expect(normaliseSearxngResult({ title: 'no url' })).toBeNull();
  });
});
