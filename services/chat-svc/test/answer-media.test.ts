import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MediaWorld, startMediaWorld } from '../../media-svc/test/harness.ts';
import {
  ask,
  type ChatServiceUnderTest,
  eventOf,
  type Neighbours,
  startChatService,
  startNeighbours,
} from './harness.ts';

// Images and videos beside an answer: a real media-svc (with its own search-svc over a fake
// SearXNG that has image and video results) beside chat-svc's usual neighbours.
let neighbours: Neighbours;
let media: MediaWorld;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };
beforeAll(async () => {
  neighbours = await startNeighbours();
  media = await startMediaWorld();
  chat = await startChatService(neighbours, {
    LLM_PROVIDER: 'extractive',
    MEDIA_SERVICE_URL: media.media.url,
  });
});
afterAll(async () => {
  await chat?.closeAll();
  await media?.close();
  await neighbours?.close();
});

describe('media beside an answer', () => {
  it('sends the question’s images and videos before `done`', async () => {
    const { events } = await ask(chat, await chat.token('viewer'), { query: 'Lighthouse' });
    const names = events.map((event) => event.event);
    const mediaEvent = eventOf(events, 'media');
    expect(mediaEvent?.data.images.length).toBeGreaterThan(0);
    expect(mediaEvent?.data.images[0]).toMatchObject({ title: 'Lighthouse at sunset', source: 'flickr.com' });
    expect(names.indexOf('media')).toBeGreaterThan(names.indexOf('meta'));
    expect(names.indexOf('media')).toBeLessThan(names.indexOf('done'));
  });

  it('sends none for writing help or the user’s files, and none when media-svc is down', async () => {
    const token = await chat.token('viewer');
    const writing = await ask(chat, token, { query: 'Lighthouse poem', focus: 'writing' });
    expect(eventOf(writing.events, 'media')).toBeUndefined();
    const offline = await startChatService(neighbours, { LLM_PROVIDER: 'extractive' });
    try {
      const { events } = await ask(offline, await offline.token('viewer'), { query: 'Lighthouse' });
      expect(eventOf(events, 'media')).toBeUndefined();
      expect(eventOf(events, 'done')).toBeDefined();
    } finally {
      await offline.closeAll();
    }
  });
});
