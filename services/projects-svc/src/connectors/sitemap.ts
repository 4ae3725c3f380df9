import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type ParsedSitemap = { kind: 'urlset'; locs: string[] } | { kind: 'sitemapindex'; locs: string[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  // <ns:urlset> and <urlset xmlns=…> read the same.
  removeNSPrefix: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

const locOf = (entry: unknown): string | null => {
  const loc = (entry as { loc?: unknown } | null)?.loc;
  if (typeof loc === 'string') return loc.trim();
  const text = (loc as { '#text'?: unknown } | null)?.['#text'];
  return typeof text === 'string' ? text.trim() : null;
};

/** The locations a sitemaps.org `<urlset>` or `<sitemapindex>` lists; null for anything else. */
export function parseSitemap(xml: string): ParsedSitemap | null {
  if (XMLValidator.validate(xml) !== true) return null;
  const document = parser.parse(xml) as Record<string, unknown>;
  const urlset = document.urlset as { url?: unknown[] } | '' | undefined;
  if (urlset !== undefined) {
    const entries = typeof urlset === 'object' ? (urlset.url ?? []) : [];
    return { kind: 'urlset', locs: entries.flatMap((entry) => locOf(entry) ?? []) };
  }
  const index = document.sitemapindex as { sitemap?: unknown[] } | '' | undefined;
  if (index !== undefined) {
    const entries = typeof index === 'object' ? (index.sitemap ?? []) : [];
    return { kind: 'sitemapindex', locs: entries.flatMap((entry) => locOf(entry) ?? []) };
  }
  return null;
}

/** Whether an XML document is a feed (so a web connector can say "use an rss connector"). */
export function looksLikeFeed(xml: string): boolean {
  return /<(rss|feed|rdf:RDF)[\s>]/.test(xml.slice(0, 2_000));
}

export const isHttpUrl = (value: string) => {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};
