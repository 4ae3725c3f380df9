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
      media: { imageUrl: 'https://example.com/a.png' },
    });
  });

  it('keeps what image and video engines add, and only safe embed URLs', () => {
    expect(
      normaliseSearxngResult({
        url: 'https://photos.example.org/fjord',
        title: 'Fjord at dawn',
        engine: 'bing images',
        img_src: 'https://photos.example.org/fjord.jpg',
        thumbnail_src: 'https://photos.example.org/fjord-small.jpg',
        resolution: '3840 x 2160',
        img_format: 'jpeg',
      }),
    ).toMatchObject({
      thumbnail: 'https://photos.example.org/fjord-small.jpg',
      media: { imageUrl: 'https://photos.example.org/fjord.jpg', resolution: '3840 x 2160', format: 'jpeg' },
    });
    const video = normaliseSearxngResult({
      url: 'https://www.youtube.com/watch?v=abc',
      title: 'How tides work',
      engine: 'youtube',
      thumbnail: 'https://i.ytimg.com/vi/abc/hqdefault.jpg',
      iframe_src: 'https://www.youtube-nocookie.com/embed/abc',
      length: '4:32',
      author: 'Ocean Channel',
    });
    expect(video?.media).toEqual({
      embedUrl: 'https://www.youtube-nocookie.com/embed/abc',
      duration: '4:32',
      author: 'Ocean Channel',
    });
    // A plain-http player is not embedded in an https page.
    expect(
      normaliseSearxngResult({ url: 'https://v.example/x', iframe_src: 'http://v.example/embed/x' })?.media,
    ).toBeUndefined();
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
