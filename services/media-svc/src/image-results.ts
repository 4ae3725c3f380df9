import { displayHost, httpUrl, imageFormat, parseResolution, tidyTitle } from './media-fields.ts';
import type { SearchHit } from './search-client.ts';

export interface ImageResult {
  title: string;
  /** The page the image appears on (what a click opens). */
  pageUrl: string;
  /** The full-size image. */
  imageUrl: string;
  /** A small version for the grid; the full image when the engine gave none. */
  thumbnailUrl: string;
  width: number | null;
  height: number | null;
  format: string | null;
  /** The page's host without "www.", e.g. "flickr.com". */
  source: string;
}

/**
 * search-svc's image hits as the web app shows them: only those with an http(s) page and image,
 * each image once (several pages often embed the same file), in SearXNG's order.
 */
export function imageResults(hits: readonly SearchHit[]): ImageResult[] {
  const seen = new Set<string>();
  const results: ImageResult[] = [];
  for (const hit of hits) {
    const pageUrl = httpUrl(hit.url);
    const imageUrl = httpUrl(hit.media?.imageUrl);
    if (!pageUrl || !imageUrl || seen.has(imageUrl)) continue;
    seen.add(imageUrl);
    const size = parseResolution(hit.media?.resolution);
    results.push({
      title: tidyTitle(hit.title, displayHost(pageUrl)),
      pageUrl,
      imageUrl,
      thumbnailUrl: httpUrl(hit.thumbnail) ?? imageUrl,
      width: size?.width ?? null,
      height: size?.height ?? null,
      format: imageFormat(hit.media?.format),
      source: displayHost(pageUrl),
    });
  }
  return results;
}
