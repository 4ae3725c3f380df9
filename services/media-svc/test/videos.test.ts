import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getMedia, type MediaWorld, safesearchSent, startMediaWorld } from './harness.ts';
import { ADULT_VIDEO } from './media-corpus.ts';

let world: MediaWorld;
beforeAll(async () => {
  world = await startMediaWorld();
});
afterAll(() => world?.close());
beforeEach(() => world.searxng.reset());

const videos = (query: string) => getMedia(world.media.url, 'videos', query, world.token);

describe('GET /api/v1/media/videos', () => {
  it('answers normalised videos: durations in seconds, platforms named, one result per video', async () => {
    const response = await videos('q=volcano');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ query: 'volcano', safe: 'moderate', page: 1 });
    const byTitle = Object.fromEntries(
      response.body.results.map((video: { title: string }) => [video.title, video]),
    );
    expect(Object.keys(byTitle).sort()).toEqual([
      'Volcano documentary',
      'Volcano eruption explained',
      'Volcano islands',
      'Volcano lava flow',
      'Volcano lightning',
      'Volcano timelapse',
    ]);
    expect(byTitle['Volcano eruption explained']).toEqual({
      title: 'Volcano eruption explained',
      pageUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      thumbnailUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
      durationSeconds: 272,
      platform: 'youtube',
      embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      author: 'Science Channel',
      publishedDate: '2023-05-01T00:00:00.000Z',
    });
    expect(byTitle['Volcano timelapse']).toMatchObject({
      platform: 'vimeo',
      durationSeconds: 3723,
      embedUrl: 'https://player.vimeo.com/video/76979871',
      thumbnailUrl: null,
      author: null,
      publishedDate: null,
    });
    expect(byTitle['Volcano documentary']).toMatchObject({
      platform: 'dailymotion',
      durationSeconds: 95,
      embedUrl: 'https://www.dailymotion.com/embed/video/x7tgad0',
    });
    // youtube.com's player becomes the no-cookie one; a duration nobody can read is null.
    expect(byTitle['Volcano lightning']).toMatchObject({
      embedUrl: 'https://www.youtube-nocookie.com/embed/abcdefghijk',
      durationSeconds: null,
    });
    // Unknown players, and look-alikes of known ones, are never embedded.
    expect(byTitle['Volcano lava flow']).toMatchObject({ platform: 'videos.example.org', embedUrl: null });
    expect(byTitle['Volcano islands']).toMatchObject({ platform: 'youtube', embedUrl: null });
    // ftp:// and the youtu.be copy of a listed video are not there.
    expect(JSON.stringify(response.body)).not.toContain('ftp://');
    expect(JSON.stringify(response.body)).not.toContain('youtu.be');
    expect(world.searxng.calls[0]?.query).toMatchObject({
      categories: 'videos',
      safesearch: '1',
      pageno: '1',
    });
  });

  it('safe search filters adult videos unless turned off', async () => {
    const has = (body: { results: { pageUrl: string }[] }) =>
      body.results.some((video) => video.pageUrl === ADULT_VIDEO);
    expect(has((await videos('q=volcano+after+dark')).body)).toBe(false);
    expect(has((await videos('q=volcano+after+dark&safe=strict')).body)).toBe(false);
    expect(has((await videos('q=volcano+after+dark&safe=off')).body)).toBe(true);
    expect(safesearchSent(world.searxng)).toEqual(['1', '2', '0']);
  });

  it('images and videos of one query are cached apart', async () => {
    const video = await videos('q=volcano+timelapse');
    const image = await getMedia(world.media.url, 'images', 'q=volcano+timelapse', world.token);
    expect(video.headers.get('x-cache')).toBe('miss');
    expect(image.headers.get('x-cache')).toBe('miss');
    expect(image.body.results).toEqual([]);
    expect(video.body.results.length).toBeGreaterThan(0);
    expect(world.searxng.searchCount()).toBe(2);
  });
});
