import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, internal, type SearchServiceUnderTest, startSearchService } from './harness.ts';

describe('bad input gets a clear 4xx in the one error shape', () => {
  let service: SearchServiceUnderTest;
  beforeAll(async () => {
    service = await startSearchService({ SEARXNG_URL: '' });
  });
  afterAll(() => service?.close());

  const cases: [string, string, unknown, string][] = [
    ['empty query', 'search', { query: '   ' }, 'query'],
    ['query too long', 'search', { query: 'x'.repeat(2001) }, 'query'],
    ['unknown focus', 'search', { query: 'q', focus: 'gossip' }, 'focus'],
    ['bad timeRange', 'search', { query: 'q', timeRange: 'decade' }, 'timeRange'],
    ['bad safesearch', 'search', { query: 'q', safesearch: 7 }, 'safesearch'],
    ['bad language', 'search', { query: 'q', language: 'en; drop table' }, 'language'],
    ['limit too big', 'search', { query: 'q', limit: 500 }, 'limit'],
    ['no queries', 'research', { queries: [] }, 'queries'],
    ['too many pages', 'research', { queries: ['q'], readPages: 50 }, 'readPages'],
    ['no urls', 'fetch', { urls: [] }, 'urls'],
    ['too many urls', 'fetch', { urls: Array.from({ length: 11 }, (_, i) => `https://e.com/${i}`) }, 'urls'],
  ];
  for (const [name, path, body, field] of cases) {
    it(`${name} → 400 naming ${field}`, async () => {
      const response = await internal(service.url, path, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.message).toContain(field);
    });
  }

  it('a non-JSON body → 415, broken JSON → 400 invalid_json', async () => {
    const text = await call(`${service.url}/internal/v1/search`, {
      body: 'query=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const broken = await call(`${service.url}/internal/v1/search`, { body: '{"query":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
  });

  it('a 10 MB body → 413', async () => {
    const response = await internal(service.url, 'documents', {
      url: 'https://e.com',
      title: 't',
      content: 'x'.repeat(10 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('internal routes answer 404 without the service token, or with a wrong one', async () => {
    for (const path of ['search', 'research', 'fetch', 'documents']) {
      const none = await call(`${service.url}/internal/v1/${path}`, {
        body: { query: 'q' },
        serviceToken: null,
      });
      expect(none.status).toBe(404);
      expect(none.body.error.code).toBe('not_found');
      const wrong = await call(`${service.url}/internal/v1/${path}`, {
        body: { query: 'q' },
        serviceToken: 'not-the-right-token-at-all-000000',
      });
      expect(wrong.status).toBe(404);
    }
    const stats = await call(`${service.url}/internal/v1/documents/stats`, { serviceToken: null });
    expect(stats.status).toBe(404);
  });

  it('patents: 401 without a token, 401 with a forged one, 400 without q', async () => {
    const none = await call(`${service.url}/api/v1/patents?q=battery`, { serviceToken: null });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    const forged = await call(`${service.url}/api/v1/patents?q=battery`, {
      serviceToken: null,
      token: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln',
    });
    expect(forged.status).toBe(401);
    const empty = await call(`${service.url}/api/v1/patents?q=`, {
      serviceToken: null,
      token: await service.userToken(),
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('q');
  });
});
