import { loadConfig } from '@perplexica/config';
import { ARTICLE_PARAGRAPHS, startFakeWebsite } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchConfigSchema } from '../src/config.ts';
import { internal, type SearchServiceUnderTest, startSearchService } from './harness.ts';

describe('page reader: SSRF guard and limits', () => {
  let service: SearchServiceUnderTest;
  let website: Awaited<ReturnType<typeof startFakeWebsite>>;
  let websiteHostPort: string;

  beforeAll(async () => {
    website = await startFakeWebsite();
    websiteHostPort = new URL(website.url).host;
    // Only the fake website is allowed, although it lives on loopback; everything else private is refused.
    service = await startSearchService({
      SEARXNG_URL: '',
      FETCH_ALLOW_PRIVATE_HOSTS: websiteHostPort,
      FETCH_TIMEOUT_MS: '500',
      FETCH_MAX_BYTES: '1000000',
    });
  });
  afterAll(async () => {
    await service?.close();
    await website?.close();
  });

  const fetchOne = async (url: string, maxCharsPerPage?: number) => {
    const response = await internal(service.url, 'fetch', {
      urls: [url],
      ...(maxCharsPerPage ? { maxCharsPerPage } : {}),
    });
    expect(response.status).toBe(200);
    return response.body as {
      pages: { url: string; title: string; text: string; truncated: boolean }[];
      failures: { url: string; reason: string }[];
    };
  };

  it('reads the readable text of an allowed page, without navigation or scripts', async () => {
    const { pages, failures } = await fetchOne(`${website.url}/article`);
    expect(failures).toEqual([]);
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.title.length).toBeGreaterThan(0);
    expect(page.text.length).toBeGreaterThan(200);
    expect(page.text).not.toMatch(/<script|function\s*\(/);
    expect(page.truncated).toBe(false);
  });

  it('cuts text at maxCharsPerPage and says so', async () => {
    const { pages } = await fetchOne(`${website.url}/article`, 200);
    expect(pages[0]!.text).toHaveLength(200);
    expect(pages[0]!.truncated).toBe(true);
  });

  it('refuses loopback and metadata addresses given directly', async () => {
    const servicePort = new URL(service.url).port;
    for (const url of [
      `http://127.0.0.1:${servicePort}/health`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://0.0.0.0/',
      'http://10.0.0.1/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      const { pages, failures } = await fetchOne(url);
      expect(pages).toEqual([]);
      expect(failures).toEqual([{ url, reason: 'private_address' }]);
    }
  });

  it('checks the resolved address, not the host text: localhost is refused even on the allowed port', async () => {
    const url = `http://localhost:${new URL(website.url).port}/article`;
    const { failures } = await fetchOne(url);
    expect(failures).toEqual([{ url, reason: 'private_address' }]);
  });

  it('re-checks every redirect hop: a redirect to the metadata address is refused', async () => {
    const url = `${website.url}/redirect-to-metadata`;
    const { failures } = await fetchOne(url);
    expect(failures).toEqual([{ url, reason: 'private_address' }]);
  });

  it('follows a redirect within the allowed site', async () => {
    const url = `${website.url}/redirect-to-article`;
    const { pages, failures } = await fetchOne(url);
    expect(failures).toEqual([]);
    expect(pages[0]?.url).toBe(url);
    expect(pages[0]?.text).toContain(ARTICLE_PARAGRAPHS[1]);
  });

  it('stops reading past the size limit, gives up past the time limit', async () => {
    const big = await fetchOne(`${website.url}/big`);
    expect(big.failures).toEqual([{ url: `${website.url}/big`, reason: 'too_large' }]);
    const slow = await fetchOne(`${website.url}/slow`);
    expect(slow.failures).toEqual([{ url: `${website.url}/slow`, reason: 'timeout' }]);
  });

  it('names non-HTML pages, HTTP errors and bad URLs', async () => {
    const response = await internal(service.url, 'fetch', {
      urls: [`${website.url}/not-html`, `${website.url}/404`, 'ftp://example.com/file', 'not a url'],
    });
    expect(response.body.failures).toEqual([
      { url: `${website.url}/not-html`, reason: 'not_html' },
      { url: `${website.url}/404`, reason: 'status_404' },
      { url: 'ftp://example.com/file', reason: 'bad_url' },
      { url: 'not a url', reason: 'bad_url' },
    ]);
  });
});

describe('FETCH_ALLOW_PRIVATE_HOSTS', () => {
  it('refuses "*" in production', () => {
    expect(() =>
      loadConfig(searchConfigSchema, {
        NODE_ENV: 'production',
        POSTGRES_URL: 'postgres://x@127.0.0.1/db',
        REDIS_URL: 'redis://127.0.0.1:6379',
        SERVICE_TOKEN: 'a-service-token-long-enough-000000',
        JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----',
        FETCH_ALLOW_PRIVATE_HOSTS: '*',
      }),
    ).toThrow(/FETCH_ALLOW_PRIVATE_HOSTS/);
  });
});
