import { httpUrl, isoDate, parseDuration, tidyTitle } from './media-fields.ts';
import type { SearchHit } from './search-client.ts';
import { platformOf, safeEmbedUrl, videoKey } from './video-platforms.ts';

export interface VideoResult {
  title: string;
  pageUrl: string;
  thumbnailUrl: string | null;
  durationSeconds: number | null;
  /** "youtube", "vimeo", "dailymotion", … or the page's bare host for other sites. */
  platform: string;
  /** A player the web app may put in an iframe (see video-platforms.ts); null: link to pageUrl. */
  embedUrl: string | null;
  author: string | null;
  publishedDate: string | null;
}

/**
 * search-svc's video hits as the web app shows them: only those with an http(s) page, each video
 * once (youtu.be and youtube.com/watch links to one video are one result), in SearXNG's order.
 */
export function videoResults(hits: readonly SearchHit[]): VideoResult[] {
  const seen = new Set<string>();
  const results: VideoResult[] = [];
  for (const hit of hits) {
    const pageUrl = httpUrl(hit.url);
    if (!pageUrl) continue;
    const key = videoKey(pageUrl);
    if (seen.has(key)) continue;
    seen.add(key);
    const platform = platformOf(pageUrl);
    results.push({
      title: tidyTitle(hit.title, platform),
      pageUrl,
      thumbnailUrl: httpUrl(hit.thumbnail),
      durationSeconds: parseDuration(hit.media?.duration),
      platform,
      embedUrl: safeEmbedUrl(hit.media?.embedUrl),
      author: hit.media?.author?.replace(/\s+/g, ' ').trim().slice(0, 200) || null,
      publishedDate: isoDate(hit.publishedDate),
    });
  }
  return results;
}
