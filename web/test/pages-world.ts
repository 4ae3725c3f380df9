import { createHash } from 'node:crypto';
import {
  defaultSearxngCorpus,
  type FakeAmadeus,
  type FakeFmp,
  type FakeSearxng,
  type FakeTripadvisor,
  type FixtureDocument,
  startFakeAmadeus,
  startFakeFmp,
  startFakeSearxng,
  startFakeTripadvisor,
} from '@perplexica/fakes';
import type { BrowserContext } from 'playwright-core';
import { NEWS_CORPUS, TEST_TOPICS } from '../../services/discover-svc/test/news-corpus.ts';
import { mediaCorpus } from '../../services/media-svc/test/media-corpus.ts';
import { travelCorpus } from '../../services/travel-svc/test/travel-corpus.ts';

// The third parties behind the Discover, Finance, Travel and media pages, as the doubles in
// @perplexica/fakes that speak their wire formats. The news, trip and media documents are the
// services' own test corpora, so these pages see what the services' tests were written for.

export const AURORA_QUESTION = 'What causes the northern lights?';

/** A web page, pictures and videos about the aurora: what an answer with images and videos needs. */
const auroraDocuments: FixtureDocument[] = [
  {
    url: 'https://www.swpc.noaa.gov/phenomena/aurora',
    title: 'Aurora | NOAA Space Weather Prediction Center',
    content:
      'The northern lights are caused by charged particles from the Sun striking gases in the upper atmosphere. Oxygen glows green and red, nitrogen blue and purple.',
    engines: ['google', 'bing'],
    category: 'general',
    publishedDate: null,
  },
  ...[1, 2, 3, 4].map(
    (n): FixtureDocument => ({
      url: `https://www.flickr.com/photos/skywatch/northern-lights-${n}`,
      title: `Northern lights over the fjord ${n}`,
      content: '',
      engines: ['bing images', 'google images'],
      category: 'images',
      publishedDate: null,
      img_src: `https://live.staticflickr.com/northern-lights-${n}_b.jpg`,
      thumbnail_src: `https://live.staticflickr.com/northern-lights-${n}_m.jpg`,
      resolution: '1600 x 1067',
      img_format: 'jpeg',
    }),
  ),
  {
    url: 'https://www.youtube.com/watch?v=czMh3BnHFHQ',
    title: 'What causes the northern lights? Aurora explained',
    content: '',
    engines: ['youtube'],
    category: 'videos',
    publishedDate: '2023-02-10T00:00:00.000Z',
    thumbnail: 'https://i.ytimg.com/vi/czMh3BnHFHQ/hqdefault.jpg',
    iframe_src: 'https://www.youtube-nocookie.com/embed/czMh3BnHFHQ',
    length: '4:32',
    author: 'Space Weather Channel',
  },
  {
    url: 'https://vimeo.com/123456789',
    title: 'Northern lights timelapse over Tromsø',
    content: '',
    engines: ['vimeo'],
    category: 'videos',
    publishedDate: null,
    iframe_src: 'https://player.vimeo.com/video/123456789',
    length: '2:05',
  },
];

export const FMP_KEY = 'fmp-browser-test-key-0123456789';
const TRIPADVISOR_KEY = 'tripadvisor-browser-test-key-0123';
const AMADEUS = { clientId: 'amadeus-browser-test-id', clientSecret: 'amadeus-browser-test-secret' };

export interface PagesWorld {
  searxng: FakeSearxng;
  fmp: FakeFmp;
  tripadvisor: FakeTripadvisor;
  amadeus: FakeAmadeus;
  /** What points the stack's services at these doubles. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startPagesWorld(): Promise<PagesWorld> {
  const [searxng, fmp, tripadvisor, amadeus] = await Promise.all([
    startFakeSearxng({
      corpus: [...defaultSearxngCorpus, ...NEWS_CORPUS, ...travelCorpus, ...mediaCorpus, ...auroraDocuments],
    }),
    startFakeFmp({ apiKey: FMP_KEY }),
    startFakeTripadvisor({ apiKey: TRIPADVISOR_KEY }),
    startFakeAmadeus(AMADEUS),
  ]);
  return {
    searxng,
    fmp,
    tripadvisor,
    amadeus,
    env: {
      SEARXNG_URL: searxng.url,
      DISCOVER_TOPICS: TEST_TOPICS,
      FMP_API_KEY: FMP_KEY,
      FMP_BASE_URL: fmp.url,
      TRIPADVISOR_API_KEY: TRIPADVISOR_KEY,
      TRIPADVISOR_BASE_URL: `${tripadvisor.url}/api/v1`,
      AMADEUS_CLIENT_ID: AMADEUS.clientId,
      AMADEUS_CLIENT_SECRET: AMADEUS.clientSecret,
      AMADEUS_BASE_URL: amadeus.url,
    },
    async close() {
      await Promise.allSettled([searxng.close(), fmp.close(), tripadvisor.close(), amadeus.close()]);
    },
  };
}

/** A stable hue per address, so each stand-in picture looks different and the same every run. */
const hueOf = (text: string) => createHash('sha256').update(text).digest().readUInt16BE(0) % 360;

/** A landscape-like picture (sky, sun, hills) standing in for a photo from another site. */
function pictureFor(url: string): string {
  const hue = hueOf(url);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420" viewBox="0 0 640 420">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue} 55% 68%)"/><stop offset="1" stop-color="hsl(${(hue + 30) % 360} 50% 42%)"/></linearGradient></defs>
<rect width="640" height="420" fill="url(#sky)"/><circle cx="470" cy="120" r="48" fill="hsl(${(hue + 180) % 360} 80% 88%)" opacity=".9"/>
<path d="M0 420V300l140-110 120 100 130-130 250 170v90z" fill="hsl(${hue} 35% 24%)" opacity=".75"/></svg>`;
}

/**
 * The browser has no internet: pictures from other sites get a stand-in picture, favicons a 404
 * (the app then shows the site's initial), an embedded player a small page, anything else is
 * refused. The app's own origin is left alone.
 */
export async function standInForTheWeb(context: BrowserContext, appUrl: string): Promise<void> {
  const appOrigin = new URL(appUrl).origin;
  await context.route(
    (url) => url.origin !== appOrigin,
    async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (url.pathname.endsWith('/favicon.ico')) return route.fulfill({ status: 404, body: '' });
      if (request.resourceType() === 'image') {
        return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: pictureFor(request.url()) });
      }
      if (request.resourceType() === 'document') {
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<!doctype html><body style="margin:0;display:grid;place-items:center;height:100vh;background:#111;color:#eee;font:16px sans-serif">A video player</body>',
        });
      }
      return route.abort();
    },
  );
}
