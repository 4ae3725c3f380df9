import { api } from './client.ts';

/** An image as media-svc normalises it (services/media-svc/README.md). */
export interface ImageResult {
  title: string;
  /** The page the image is on: what a click opens. */
  pageUrl: string;
  imageUrl: string;
  /** The small version; the full image when the engine gave none. */
  thumbnailUrl: string;
  width: number | null;
  height: number | null;
  format: string | null;
  /** The page's host without www. */
  source: string;
}

export interface VideoResult {
  title: string;
  pageUrl: string;
  thumbnailUrl: string | null;
  durationSeconds: number | null;
  /** youtube, vimeo, … or the bare host. */
  platform: string;
  /** A player rebuilt by media-svc from a checked id (YouTube no-cookie, Vimeo, Dailymotion), or null. */
  embedUrl: string | null;
  author: string | null;
  publishedDate: string | null;
}

/** The images and videos chat-svc sends with an answer (its `media` event). */
export interface AnswerMedia {
  images: ImageResult[];
  videos: VideoResult[];
}

export type MediaKind = 'images' | 'videos';
export type SafeSearch = 'moderate' | 'strict' | 'off';

export interface MediaPage<T> {
  query: string;
  safe: SafeSearch;
  page: number;
  /** Null on the last page. */
  nextPage: number | null;
  results: T[];
}

const search = <T>(kind: MediaKind, q: string, safe: SafeSearch, page: number) =>
  api<MediaPage<T>>(`/api/v1/media/${kind}?${new URLSearchParams({ q, safe, page: String(page) })}`);

export const media = {
  images: (q: string, safe: SafeSearch = 'moderate', page = 1) =>
    search<ImageResult>('images', q, safe, page),
  videos: (q: string, safe: SafeSearch = 'moderate', page = 1) =>
    search<VideoResult>('videos', q, safe, page),
};

// Embeds are only ever these players (media-svc rebuilds them; checked again here so a changed
// service can never put another site's page in an iframe on ours).
const SAFE_EMBED =
  /^https:\/\/(www\.youtube-nocookie\.com\/embed\/[\w-]{11}|player\.vimeo\.com\/video\/\d+(\?h=[0-9a-f]+)?|www\.dailymotion\.com\/embed\/video\/[A-Za-z0-9]+)$/;

/** The embed URL when it is one of the players we allow in an iframe, else null. */
export const safeEmbedUrl = (video: Pick<VideoResult, 'embedUrl'>): string | null =>
  video.embedUrl && SAFE_EMBED.test(video.embedUrl) ? video.embedUrl : null;
