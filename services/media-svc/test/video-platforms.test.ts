import { describe, expect, it } from 'vitest';
import { platformOf, safeEmbedUrl, videoKey } from '../src/video-platforms.ts';

describe('platformOf', () => {
  it('names known platforms by any of their hosts, others by bare host', () => {
    expect(platformOf('https://www.youtube.com/watch?v=dQw4w9WgXcQ')).toBe('youtube');
    expect(platformOf('https://m.youtube.com/watch?v=dQw4w9WgXcQ')).toBe('youtube');
    expect(platformOf('https://youtu.be/dQw4w9WgXcQ')).toBe('youtube');
    expect(platformOf('https://vimeo.com/76979871')).toBe('vimeo');
    expect(platformOf('https://www.dailymotion.com/video/x7tgad0')).toBe('dailymotion');
    expect(platformOf('https://www.twitch.tv/videos/1')).toBe('twitch');
    expect(platformOf('https://www.Videos.Example.org/watch/1')).toBe('videos.example.org');
    // A look-alike host is not the platform.
    expect(platformOf('https://youtube.com.evil.example/watch?v=1')).toBe('youtube.com.evil.example');
  });
});

describe('videoKey', () => {
  it('one key for the addresses of one YouTube video', () => {
    const key = videoKey('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    for (const url of [
      'https://youtu.be/dQw4w9WgXcQ',
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=10',
      'https://www.youtube.com/shorts/dQw4w9WgXcQ',
      'https://youtube.com/embed/dQw4w9WgXcQ',
    ]) {
      expect(videoKey(url)).toBe(key);
    }
    expect(videoKey('https://www.youtube.com/watch?v=abcdefghijk')).not.toBe(key);
  });

  it('other pages by host, path and query', () => {
    expect(videoKey('https://www.vimeo.com/76979871/')).toBe(videoKey('https://vimeo.com/76979871'));
    expect(videoKey('https://example.org/v?id=1')).not.toBe(videoKey('https://example.org/v?id=2'));
  });
});

describe('safeEmbedUrl', () => {
  it('rebuilds the known https players from their ids', () => {
    expect(safeEmbedUrl('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ')).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    );
    expect(safeEmbedUrl('https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1')).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    );
    expect(safeEmbedUrl('https://player.vimeo.com/video/76979871')).toBe(
      'https://player.vimeo.com/video/76979871',
    );
    expect(safeEmbedUrl('https://player.vimeo.com/video/76979871?h=1a2b3c4d5e&autoplay=1')).toBe(
      'https://player.vimeo.com/video/76979871?h=1a2b3c4d5e',
    );
    expect(safeEmbedUrl('https://www.dailymotion.com/embed/video/x7tgad0')).toBe(
      'https://www.dailymotion.com/embed/video/x7tgad0',
    );
  });

  it('null for anything else', () => {
    for (const value of [
      undefined,
      '',
      'not a url',
      'http://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com:8443/embed/dQw4w9WgXcQ',
      'https://user@www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com.evil.example/embed/dQw4w9WgXcQ',
      'https://evil.example/www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com/embed/short',
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ/../../x',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://player.vimeo.com/video/abc',
      'https://vimeo.com/76979871',
      'https://www.dailymotion.com/video/x7tgad0',
      'https://videos.example.org/player?id=1',
      'javascript:alert(1)',
    ]) {
      expect(safeEmbedUrl(value)).toBeNull();
    }
  });
});
