/**
 * Real RSS 2.0, Atom 1.0 and sitemap (sitemaps.org 0.9) documents, for fake websites that a feed
 * reader or a crawler reads with its real parser. Text is escaped; HTML content goes in CDATA as
 * publishers do.
 */

export interface FeedItem {
  title: string;
  link: string;
  /** RSS guid / Atom id; the link when omitted. */
  id?: string;
  /** A short summary (RSS description, Atom summary). */
  summary?: string;
  /** The full HTML body (RSS content:encoded, Atom content type="html"). */
  html?: string;
  published?: Date;
}

export interface FeedChannel {
  title: string;
  /** The site the feed belongs to. */
  link: string;
  description?: string;
}

/** The MIME types publishers serve these with. */
export const FEED_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  sitemap: 'application/xml; charset=utf-8',
} as const;

const escapeXml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

const cdata = (html: string) => `<![CDATA[${html.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function rssFeed(channel: FeedChannel, items: FeedItem[]): string {
  const entries = items.map((item) =>
    [
      '    <item>',
      `      <title>${escapeXml(item.title)}</title>`,
      `      <link>${escapeXml(item.link)}</link>`,
      `      <guid isPermaLink="${item.id ? 'false' : 'true'}">${escapeXml(item.id ?? item.link)}</guid>`,
      item.published ? `      <pubDate>${item.published.toUTCString()}</pubDate>` : '',
      item.summary ? `      <description>${escapeXml(item.summary)}</description>` : '',
      item.html ? `      <content:encoded>${cdata(item.html)}</content:encoded>` : '',
      '    </item>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${escapeXml(channel.title)}</title>
    <link>${escapeXml(channel.link)}</link>
    <description>${escapeXml(channel.description ?? channel.title)}</description>
${entries.join('\n')}
  </channel>
</rss>
`;
}

export function atomFeed(channel: FeedChannel & { id?: string; updated?: Date }, items: FeedItem[]): string {
  const updated = (channel.updated ?? new Date(0)).toISOString();
  const entries = items.map((item) =>
    [
      '  <entry>',
      `    <title>${escapeXml(item.title)}</title>`,
      `    <link rel="alternate" href="${escapeXml(item.link)}"/>`,
      `    <id>${escapeXml(item.id ?? item.link)}</id>`,
      `    <updated>${(item.published ?? channel.updated ?? new Date(0)).toISOString()}</updated>`,
      item.summary ? `    <summary>${escapeXml(item.summary)}</summary>` : '',
      item.html ? `    <content type="html">${escapeXml(item.html)}</content>` : '',
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escapeXml(channel.title)}</title>
  <link href="${escapeXml(channel.link)}"/>
  <id>${escapeXml(channel.id ?? channel.link)}</id>
  <updated>${updated}</updated>
${entries.join('\n')}
</feed>
`;
}

/** A `<urlset>` listing pages. */
export function sitemapXml(urls: string[]): string {
  const entries = urls.map((url) => `  <url><loc>${escapeXml(url)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</urlset>
`;
}

/** A `<sitemapindex>` listing other sitemaps. */
export function sitemapIndexXml(sitemaps: string[]): string {
  const entries = sitemaps.map((url) => `  <sitemap><loc>${escapeXml(url)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</sitemapindex>
`;
}
