/** "en.wikipedia.org" from a URL; "local file" for ingested documents. */
export function domainOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'file:') return 'local file';
    return parsed.hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** "file.md" for a file URL, the domain otherwise: what a source card calls a source's home. */
export function sourceLabel(url: string): string {
  if (url.startsWith('file:')) return decodeURIComponent(url.split('/').pop() ?? url);
  return domainOf(url);
}

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "3 hours ago", in the reader's language. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1_000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** "1.2 MB", for a size in bytes. */
export function formatSize(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 'B';
  for (const next of units) {
    if (value < 1_000) break;
    value /= 1_000;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}
