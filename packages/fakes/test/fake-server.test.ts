import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_CALLS, startFakeOpenAI, startFakeWebsite } from '../src/index.ts';

describe('what every fake shares', () => {
  it(`keeps only the last ${MAX_RECORDED_CALLS} calls, and reset() empties the same array`, async () => {
    const site = await startFakeWebsite({ '/n': { body: 'ok' } });
    try {
      const { calls } = site;
      for (let batch = 0; batch < 11; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            fetch(`${site.url}/n?i=${batch * 100 + i}`).then((response) => response.text()),
          ),
        );
      }
      expect(calls).toHaveLength(MAX_RECORDED_CALLS);
      expect(calls.some((call) => call.query.i === '1099')).toBe(true);
      site.reset();
      expect(site.calls).toBe(calls);
      expect(calls).toHaveLength(0);
    } finally {
      await site.close();
    }
  });

  it('records method, path, query, parsed body and headers', async () => {
    const site = await startFakeWebsite();
    try {
      await fetch(`${site.url}/form?a=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-trace': 't1' },
        body: 'q=solar+panels&pageno=2',
      }).then((response) => response.text());
      expect(site.calls[0]).toMatchObject({
        method: 'POST',
        path: '/form',
        query: { a: '1' },
        body: { q: 'solar panels', pageno: '2' },
        headers: { 'x-trace': 't1' },
      });
    } finally {
      await site.close();
    }
  });

  it('close() ends a stream paused between chunks, and is safe to call twice', async () => {
    const fake = await startFakeOpenAI({ chunkDelayMs: 60_000 });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: 'a question with several words' }],
    });
    const chunks: unknown[] = [];
    const consumed = (async () => {
      for await (const chunk of stream) {
        chunks.push(chunk);
        if (chunks.length === 1) void fake.close();
      }
    })();
    await expect(consumed).rejects.toThrow();
    expect(chunks).toHaveLength(1);
    await fake.close();
  });

  it('setLatency delays answers and reset() restores the start value', async () => {
    const fake = await startFakeOpenAI({ latencyMs: 0 });
    try {
      fake.setLatency(60_000);
      const client = new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0, timeout: 100 });
      const slow = await client.models.list().catch((error: unknown) => error);
      expect(slow).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
      fake.reset();
      const page = await client.models.list();
      expect(page.data.length).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
  });
});
