/**
 * Parsers for the loosely written fields image and video engines pass through SearXNG. Each one
 * returns null for what it cannot read, so one odd field never drops a result.
 */

/**
 * An absolute http(s) URL with a host and no credentials, as a normalised string; null for
 * anything else (javascript:, data:, relative paths). Protocol-relative "//host/x", which some
 * image engines write, is read as https.
 */
export function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim().startsWith('//') ? `https:${value.trim()}` : value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

/** The host a user recognises: "www.flickr.com" → "flickr.com". */
export function displayHost(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/** "1920 x 1080", "1920x1080", "1920 × 1080" → {width: 1920, height: 1080}. */
export function parseResolution(value: string | undefined): { width: number; height: number } | null {
  const match = /^\s*(\d{1,6})\s*[x×X*]\s*(\d{1,6})\s*(px)?\s*$/.exec(value ?? '');
  if (!match) return null;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** "jpeg", "JPG", "image/png" → "jpeg", "jpg", "png"; null when it does not look like a format. */
export function imageFormat(value: string | undefined): string | null {
  const format = (value ?? '')
    .trim()
    .toLowerCase()
    .replace(/^image\//, '');
  return /^[a-z0-9+.-]{2,10}$/.test(format) ? format : null;
}

const MAX_DURATION_SECONDS = 7 * 24 * 3600;

/**
 * Seconds from "4:32", "1:02:03", "272" (seconds, as some engines give), "272.4" or ISO 8601
 * "PT1H2M3S"; null when unreadable or absurd (over a week: a live stream's counter, or junk).
 */
export function parseDuration(value: string | undefined): number | null {
  const text = (value ?? '').trim();
  let seconds: number | null = null;
  const clock = /^(?:(\d{1,3}):)?(\d{1,3}):(\d{2})$/.exec(text);
  const iso = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(text);
  if (clock) {
    const [hours, minutes, secs] = [Number(clock[1] ?? 0), Number(clock[2]), Number(clock[3])];
    if (secs < 60 && (clock[1] === undefined || minutes < 60)) seconds = hours * 3600 + minutes * 60 + secs;
  } else if (/^\d+(\.\d+)?$/.test(text)) {
    seconds = Math.round(Number(text));
  } else if (iso && text.length > 2 && !/T$/i.test(text)) {
    const [days, hours, minutes, secs] = [1, 2, 3, 4].map((i) => Number(iso[i] ?? 0)) as number[];
    seconds = Math.round((days ?? 0) * 86_400 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (secs ?? 0));
  }
  return seconds !== null && seconds > 0 && seconds <= MAX_DURATION_SECONDS ? seconds : null;
}

/** Titles arrive with engine markup leftovers and runs of whitespace; one tidy line, bounded. */
export function tidyTitle(value: string, fallback: string): string {
  const title = value.replace(/\s+/g, ' ').trim();
  return (title || fallback).slice(0, 500);
}

/** ISO 8601 or null (search-svc already normalises dates; this guards the cache against junk). */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
