import { describe, expect, it } from 'vitest';
import { httpUrl, imageFormat, parseDuration, parseResolution } from '../src/media-fields.ts';

describe('httpUrl', () => {
  it('keeps absolute http(s) URLs, normalised', () => {
    expect(httpUrl('https://Example.org/a b.jpg')).toBe('https://example.org/a%20b.jpg');
    expect(httpUrl(' http://example.org/x ')).toBe('http://example.org/x');
    expect(httpUrl('//cdn.example.org/x.png')).toBe('https://cdn.example.org/x.png');
  });

  it('refuses everything else', () => {
    for (const value of [
      undefined,
      null,
      '',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'ftp://example.org/x.jpg',
      '/relative/path.jpg',
      'not a url',
      'https://user:secret@example.org/x.jpg',
    ]) {
      expect(httpUrl(value)).toBeNull();
    }
  });
});

describe('parseResolution', () => {
  it('reads the ways engines write a size', () => {
    expect(parseResolution('1920 x 1080')).toEqual({ width: 1920, height: 1080 });
    expect(parseResolution('800x600')).toEqual({ width: 800, height: 600 });
    expect(parseResolution('1024 × 768')).toEqual({ width: 1024, height: 768 });
    expect(parseResolution(' 640 X 480 px ')).toEqual({ width: 640, height: 480 });
  });

  it('null for what it cannot read', () => {
    for (const value of [undefined, '', 'large', '1920', '0 x 100', '1920 x', 'x 1080', '1e3 x 2']) {
      expect(parseResolution(value)).toBeNull();
    }
  });
});

describe('parseDuration', () => {
  it('reads clock times, plain seconds and ISO 8601', () => {
    expect(parseDuration('4:32')).toBe(272);
    expect(parseDuration('1:02:03')).toBe(3723);
    expect(parseDuration('72:15')).toBe(4335);
    expect(parseDuration('0:07')).toBe(7);
    expect(parseDuration('95')).toBe(95);
    expect(parseDuration('272.4')).toBe(272);
    expect(parseDuration('PT4M32S')).toBe(272);
    expect(parseDuration('PT1H2M3S')).toBe(3723);
  });

  it('null for what it cannot read, zero, or over a week', () => {
    for (const value of [undefined, '', 'live', '4:75', '1:60:00', '0', '0:00', 'P', 'PT', '9999999', '-5']) {
      expect(parseDuration(value)).toBeNull();
    }
  });
});

describe('imageFormat', () => {
  it('lowercases and drops a MIME prefix', () => {
    expect(imageFormat('JPEG')).toBe('jpeg');
    expect(imageFormat('image/webp')).toBe('webp');
    expect(imageFormat('svg+xml')).toBe('svg+xml');
    expect(imageFormat(undefined)).toBeNull();
    expect(imageFormat('<script>')).toBeNull();
  });
});
