import type { FeedItem, FixtureDocument } from '@perplexica/fakes';
import { hoursAgo } from './news-corpus.ts';

/** What a user's custom topic reads: their own feed, a keyword search and a site. */

export const BIRDING_FEED_PATH = '/birding.xml';

export function birdingFeedItems(): FeedItem[] {
  return [
    {
      title: 'Black-browed albatross seen off the Cornish coast',
      link: 'https://birdnews.test/2026/albatross-cornwall',
      summary: 'A black-browed albatross was seen from a ferry off Cornwall, the first record in a decade.',
      published: new Date(Date.now() - 2 * 3_600_000),
    },
  ];
}

const news = (url: string, title: string, content: string, hours: number): FixtureDocument => ({
  url,
  title,
  content,
  engines: ['google news'],
  category: 'news',
  publishedDate: hoursAgo(hours),
});

/** Found by the keyword "heat pumps". */
export const HEAT_PUMPS = news(
  'https://www.energymonitor.test/heat-pump-sales-record-europe',
  'Heat pump sales reach a record in Europe',
  'Sales of heat pumps across Europe reached a record last quarter as households replaced gas boilers.',
  3,
);

/** On the site the topic names ("gardenersworld.test"), about its label ("Gardening"). */
export const ON_SITE = news(
  'https://www.gardenersworld.test/news/allotment-gardening-waiting-lists',
  'Allotment waiting lists grow as gardening booms',
  'Councils report record waiting lists for allotments as gardening grows in popularity.',
  4,
);

/** About gardening too, but on another site: a `site:` search must leave it out. */
export const OFF_SITE = news(
  'https://www.othergarden.test/gardening-tips-for-winter',
  'Winter gardening tips for frosty mornings',
  'Protect tender plants with fleece: gardening advice for the cold months.',
  5,
);

export const CUSTOM_CORPUS = [HEAT_PUMPS, ON_SITE, OFF_SITE];
