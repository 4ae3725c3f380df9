import { callJson } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MediaWorld, SERVICE_TOKEN, startMediaWorld } from './harness.ts';

let world: MediaWorld;
beforeAll(async () => {
  world = await startMediaWorld();
});
afterAll(() => world?.close());

const answerMedia = (body: unknown, serviceToken = SERVICE_TOKEN) =>
  callJson(`${world.media.url}/internal/v1/answer-media`, { method: 'POST', body, serviceToken });

describe('internal: media for an answer (chat-svc)', () => {
  it('gives a question’s first images and videos, safe search on, from the same cache', async () => {
    const answer = await answerMedia({ query: 'Lighthouse', images: 2, videos: 1 });
    expect(answer.status).toBe(200);
    expect(answer.body.images).toHaveLength(2);
    expect(answer.body.images[0]).toMatchObject({ title: 'Lighthouse at sunset', source: 'flickr.com' });
    expect(answer.body.videos.length).toBeLessThanOrEqual(1);
    const searches = world.searxng.calls.filter((call) => call.path === '/search');
    expect(searches.every((call) => call.query.safesearch === '1')).toBe(true);
    // The public route is served from what the internal one cached.
    const before = world.searxng.searchCount();
    await answerMedia({ query: 'lighthouse', images: 2, videos: 0 });
    expect(world.searxng.searchCount()).toBe(before);
  });

  it('comes back empty, not failing, when search fails; rejects bad input; hidden without the token', async () => {
    world.searxng.setMode('error500');
    const failing = await answerMedia({ query: 'a question nobody cached' });
    expect(failing.status).toBe(200);
    expect(failing.body).toEqual({ images: [], videos: [] });
    world.searxng.reset();
    expect((await answerMedia({ query: 'x', images: 50 })).status).toBe(400);
    expect((await answerMedia({ images: 1 })).status).toBe(400);
    expect((await answerMedia({ query: 'x' }, 'wrong-token-wrong-token-wrong')).status).toBe(404);
  });
});
