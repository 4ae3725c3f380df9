import { describe, expect, it } from 'vitest';
import { atomFeed, rssFeed, sitemapIndexXml, sitemapXml } from '../src/index.ts';

const items = [
  {
    title: 'Salt & pepper <tips>',
    link: 'https://blog.example/salt?a=1&b=2',
    summary: 'Short "summary"',
    html: '<p>Full <b>body</b> with ]]> inside</p>',
    published: new Date('2026-03-01T10:00:00Z'),
  },
  { title: 'Second', link: 'https://blog.example/2', id: 'urn:post:2' },
];

describe('feeds and sitemaps', () => {
  it('writes RSS 2.0 with escaped text, guids, dates and content:encoded in CDATA', () => {
    const xml = rssFeed({ title: 'Blog', link: 'https://blog.example/' }, items);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    expect(xml).toContain('<title>Salt &amp; pepper &lt;tips&gt;</title>');
    expect(xml).toContain('<link>https://blog.example/salt?a=1&amp;b=2</link>');
    expect(xml).toContain('<guid isPermaLink="false">urn:post:2</guid>');
    expect(xml).toContain('<pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate>');
    expect(xml).toContain(
      '<content:encoded><![CDATA[<p>Full <b>body</b> with ]]]]><![CDATA[> inside</p>]]></content:encoded>',
    );
    expect(xml.match(/<item>/g)).toHaveLength(2);
  });

  it('writes Atom 1.0 entries with alternate links, ids and escaped HTML content', () => {
    const xml = atomFeed({ title: 'Blog', link: 'https://blog.example/' }, items);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('<link rel="alternate" href="https://blog.example/salt?a=1&amp;b=2"/>');
    expect(xml).toContain('<id>urn:post:2</id>');
    expect(xml).toContain('<updated>2026-03-01T10:00:00.000Z</updated>');
    expect(xml).toContain('<content type="html">&lt;p&gt;Full');
    expect(xml.match(/<entry>/g)).toHaveLength(2);
  });

  it('writes sitemaps and sitemap indexes', () => {
    expect(sitemapXml(['https://a.example/?x=1&y=2'])).toContain(
      '<url><loc>https://a.example/?x=1&amp;y=2</loc></url>',
    );
    const index = sitemapIndexXml(['https://a.example/pages.xml']);
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(index).toContain('<sitemap><loc>https://a.example/pages.xml</loc></sitemap>');
  });
});
