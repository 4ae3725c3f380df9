import { startFakeWebsite } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, internal, type SearchServiceUnderTest, startSearchService } from './harness.ts';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Lab notes</title><link>https://lab.example/</link>
<item><title>First</title><link>https://lab.example/1</link><guid>1</guid><description>Caffè</description></item>
</channel></rss>`;
const SITEMAP = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://lab.example/a</loc></url></urlset>`;
// "Café" in ISO-8859-1, named only in the XML prolog (the header has no charset).
const LATIN1_XML = Buffer.concat([
  Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><note>Caf'),
  Buffer.from([0xe9]),
  Buffer.from('</note>'),
]);

describe('POST /internal/v1/fetch-raw', () => {
  let service: SearchServiceUnderTest;
  let website: Awaited<ReturnType<typeof startFakeWebsite>>;

  beforeAll(async () => {
    website = await startFakeWebsite({
      '/feed.xml': { contentType: 'application/rss+xml; charset=utf-8', body: RSS },
      '/atom': { contentType: 'application/atom+xml', body: '<feed xmlns="http://www.w3.org/2005/Atom"/>' },
      '/sitemap.xml': { contentType: 'application/xml', body: SITEMAP },
      '/notes.txt': { contentType: 'text/plain; charset=utf-8', body: 'plain words' },
      '/latin1.xml': { contentType: 'text/xml', body: LATIN1_XML },
      '/moved-feed': { status: 301, body: '', headers: { location: '/feed.xml' } },
      '/image.png': { contentType: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    });
    // Only the fake website is allowed, although it lives on loopback.
    service = await startSearchService({
      SEARXNG_URL: '',
      FETCH_ALLOW_PRIVATE_HOSTS: new URL(website.url).host,
      FETCH_TIMEOUT_MS: '500',
      FETCH_MAX_BYTES: '1000000',
    });
  });
  afterAll(async () => {
    await service?.close();
    await website?.close();
  });

  const fetchRaw = (body: unknown) => internal(service.url, 'fetch-raw', body);

  it('returns a feed as served: final URL, status, content type and body', async () => {
    const response = await fetchRaw({ url: `${website.url}/feed.xml` });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      url: `${website.url}/feed.xml`,
      status: 200,
      contentType: 'application/rss+xml; charset=utf-8',
      body: RSS,
    });
  });

  it('accepts sitemaps, Atom, plain text and HTML', async () => {
    for (const [path, type] of [
      ['/sitemap.xml', 'application/xml'],
      ['/atom', 'application/atom+xml'],
      ['/notes.txt', 'text/plain; charset=utf-8'],
      ['/article', 'text/html; charset=utf-8'],
    ] as const) {
      const response = await fetchRaw({ url: `${website.url}${path}` });
      expect(response.status, path).toBe(200);
      expect(response.body.contentType).toBe(type);
      expect(response.body.body.length).toBeGreaterThan(0);
    }
  });

  it('follows redirects and reports where it ended up', async () => {
    const response = await fetchRaw({ url: `${website.url}/moved-feed` });
    expect(response.status).toBe(200);
    expect(response.body.url).toBe(`${website.url}/feed.xml`);
    expect(response.body.body).toBe(RSS);
  });

  it('decodes XML in the encoding its prolog names', async () => {
    const response = await fetchRaw({ url: `${website.url}/latin1.xml` });
    expect(response.body.body).toContain('<note>Café</note>');
  });

  it('refuses private addresses, also behind a redirect (403, reason private_address)', async () => {
    for (const url of [
      `http://127.0.0.1:${new URL(service.url).port}/health`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      `http://localhost:${new URL(website.url).port}/feed.xml`,
      `${website.url}/redirect-to-metadata`,
    ]) {
      const response = await fetchRaw({ url });
      expect(response.status, url).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      expect(response.body.error.details).toEqual({ url, reason: 'private_address' });
    }
  });

  it('refuses what is not text (415, reason not_text)', async () => {
    for (const path of ['/not-html', '/image.png']) {
      const response = await fetchRaw({ url: `${website.url}${path}` });
      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('unsupported_media_type');
      expect(response.body.error.details.reason).toBe('not_text');
    }
  });

  it('stops at maxBytes, and never reads past FETCH_MAX_BYTES whatever is asked (413)', async () => {
    const small = await fetchRaw({ url: `${website.url}/feed.xml`, maxBytes: 100 });
    expect(small.status).toBe(413);
    expect(small.body.error).toMatchObject({
      code: 'payload_too_large',
      details: { reason: 'too_large' },
    });
    // /big is 5 MB; asking for 10 MB is still capped at the configured 1 MB.
    const big = await fetchRaw({ url: `${website.url}/big`, maxBytes: 10_000_000 });
    expect(big.status).toBe(413);
    expect(big.body.error.details.reason).toBe('too_large');
  });

  it('names HTTP errors (502 status_404) and slow sources (504 timeout)', async () => {
    const missing = await fetchRaw({ url: `${website.url}/nothing-here` });
    expect(missing.status).toBe(502);
    expect(missing.body.error).toMatchObject({ code: 'bad_gateway', details: { reason: 'status_404' } });
    expect(missing.body.error.message).toContain('404');
    const slow = await fetchRaw({ url: `${website.url}/slow` });
    expect(slow.status).toBe(504);
    expect(slow.body.error.details.reason).toBe('timeout');
  });

  it('validates its input (400 naming the field) and hides itself without the service token', async () => {
    for (const body of [
      {},
      { url: 'not a url' },
      { url: 'ftp://example.com/feed.xml' },
      { url: 'file:///etc/passwd' },
      { url: `${website.url}/feed.xml`, maxBytes: 0 },
      { url: `${website.url}/feed.xml`, maxBytes: 'lots' },
    ]) {
      const response = await fetchRaw(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const hidden = await call(`${service.url}/internal/v1/fetch-raw`, {
      body: { url: `${website.url}/feed.xml` },
      serviceToken: null,
    });
    expect(hidden.status).toBe(404);
  });

  it('never answered 500', () => {
    const errors = service.logs.lines().filter((line) => line.level === 50);
    expect(errors).toEqual([]);
  });
});
