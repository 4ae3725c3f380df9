import type { FixtureDocument } from '@perplexica/fakes';

const image = (fields: Partial<FixtureDocument> & { url: string; title: string }): FixtureDocument => ({
  content: '',
  engines: ['bing images', 'google images'],
  category: 'images',
  publishedDate: null,
  ...fields,
});

const video = (fields: Partial<FixtureDocument> & { url: string; title: string }): FixtureDocument => ({
  content: '',
  engines: ['youtube'],
  category: 'videos',
  publishedDate: null,
  ...fields,
});

export const FLICKR_IMAGE = 'https://live.staticflickr.com/65535/lighthouse_b.jpg';
export const ADULT_IMAGE = 'https://adult.example/nsfw-lighthouse.jpg';
export const ADULT_VIDEO = 'https://adult.example/volcano-after-dark';

/** Lighthouse images and volcano videos: what SearXNG's image and video engines send, warts and all. */
export const mediaCorpus: readonly FixtureDocument[] = [
  // --- images, query "lighthouse" ---
  image({
    url: 'https://www.flickr.com/photos/alice/51234',
    title: 'Lighthouse  at\n sunset',
    img_src: FLICKR_IMAGE,
    thumbnail_src: 'https://live.staticflickr.com/65535/lighthouse_m.jpg',
    resolution: '1920 x 1080',
    img_format: 'JPEG',
  }),
  image({
    url: 'https://commons.wikimedia.org/wiki/File:Lighthouse_cliff.png',
    title: 'Lighthouse on a cliff',
    img_src: 'https://upload.wikimedia.org/wikipedia/commons/lighthouse_cliff.png',
    resolution: '800x600',
    img_format: 'png',
  }),
  // The same file on another page: one result.
  image({
    url: 'https://blog.example.com/best-lighthouses',
    title: 'The best lighthouse photos',
    img_src: FLICKR_IMAGE,
  }),
  // No image at all, and an image that is not http(s): dropped.
  image({ url: 'https://example.org/lighthouse-history', title: 'Lighthouse history' }),
  image({
    url: 'https://example.org/lighthouse-trick',
    title: 'Lighthouse trick',
    img_src: 'javascript:alert(1)',
  }),
  // A thumbnail that is not a URL: the full image stands in. A size nobody can read: null.
  image({
    url: 'https://photos.example.net/lighthouse-night',
    title: 'Lighthouse at night',
    img_src: 'https://photos.example.net/lighthouse-night.webp',
    thumbnail_src: 'data:image/png;base64,iVBORw0KGgo=',
    resolution: 'large',
    img_format: 'image/webp',
  }),
  image({
    url: 'https://adult.example/lighthouse-nsfw',
    title: 'Lighthouse (NSFW)',
    img_src: ADULT_IMAGE,
    adult: true,
  }),
  // Enough more for a second page (ten results a page; these found by one engine rank last).
  ...Array.from({ length: 8 }, (_, i) =>
    image({
      url: `https://gallery.example.net/lighthouse/${i + 1}`,
      title: `Lighthouse photo ${i + 1}`,
      img_src: `https://cdn.example.net/lighthouse-${i + 1}.jpg`,
      engines: ['bing images'],
    }),
  ),

  // --- videos, query "volcano" ---
  video({
    url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    title: 'Volcano eruption explained',
    thumbnail: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
    iframe_src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    length: '4:32',
    author: 'Science  Channel',
    publishedDate: '2023-05-01T00:00:00.000Z',
  }),
  // The same video by its short link: one result.
  video({ url: 'https://youtu.be/dQw4w9WgXcQ', title: 'Volcano eruption explained (short link)' }),
  video({
    url: 'https://vimeo.com/76979871',
    title: 'Volcano timelapse',
    engines: ['vimeo'],
    iframe_src: 'https://player.vimeo.com/video/76979871',
    length: '1:02:03',
  }),
  video({
    url: 'https://www.dailymotion.com/video/x7tgad0',
    title: 'Volcano documentary',
    engines: ['dailymotion'],
    iframe_src: 'https://www.dailymotion.com/embed/video/x7tgad0',
    length: '95',
  }),
  // A youtube.com player becomes the no-cookie one.
  video({
    url: 'https://www.youtube.com/watch?v=abcdefghijk',
    title: 'Volcano lightning',
    iframe_src: 'https://www.youtube.com/embed/abcdefghijk',
    length: 'live',
  }),
  // Players we do not know (or that only look like ours) are never embedded.
  video({
    url: 'https://videos.example.org/volcano-lava',
    title: 'Volcano lava flow',
    engines: ['peertube'],
    iframe_src: 'https://videos.example.org/player?id=1',
  }),
  video({
    url: 'https://www.youtube.com/watch?v=zyxwvutsrqp',
    title: 'Volcano islands',
    iframe_src: 'https://www.youtube-nocookie.com.evil.example/embed/zyxwvutsrqp',
  }),
  video({ url: 'ftp://files.example.org/volcano.mp4', title: 'Volcano raw footage' }),
  video({ url: ADULT_VIDEO, title: 'Volcano after dark', adult: true }),
];
