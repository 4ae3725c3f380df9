import type { FeedItem, FixtureDocument } from '@perplexica/fakes';

/** News must look fresh whenever the tests run, so dates are relative to now. */
export const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const news = (
  url: string,
  title: string,
  content: string,
  hours: number,
  extra: Partial<FixtureDocument> = {},
): FixtureDocument => ({
  url,
  title,
  content,
  engines: ['google news', 'bing news'],
  category: 'news',
  publishedDate: hoursAgo(hours),
  ...extra,
});

/** Three outlets report a Moon landing (science). */
export const MOON_LANDING = [
  news(
    'https://www.reuters.com/science/nasa-artemis-lander-touches-down-moon-south-pole-2026-11-30/',
    "NASA's Artemis lander touches down near the Moon's south pole - Reuters",
    "NASA's Artemis lander touched down near the lunar south pole on Sunday, the first American landing on the Moon in more than fifty years. Engineers confirmed the craft is upright and sending data back to Houston.",
    6,
    { thumbnail: 'https://cdn.reuters.test/artemis-lander.jpg' },
  ),
  news(
    'https://apnews.com/article/artemis-lander-lunar-south-pole-landing?utm_source=homepage',
    'Artemis lander makes historic landing at lunar south pole',
    "A NASA lander built for the Artemis program made a historic landing at the Moon's south pole, where scientists hope to find water ice. The landing came after a tense final descent.",
    4,
  ),
  news(
    'https://www.bbc.co.uk/news/science-environment-artemis-moon-south-pole',
    "Moon landing: Nasa's Artemis craft lands at lunar south pole",
    'Nasa says its Artemis lander has set down safely at the lunar south pole, a region thought to hold frozen water that future astronauts could use.',
    3,
  ),
];

/** Three outlets report a new quantum processor (tech); a fourth arrives through the RSS feed. */
export const QUANTUM_CHIP = [
  news(
    'https://www.theverge.com/2026/11/30/quantix-helios-1000-qubit-quantum-processor',
    'Quantix unveils Helios, a 1,000-qubit quantum processor',
    'Quantix has unveiled Helios, a quantum processor with 1,000 superconducting qubits, the largest the company has built. Quantix says Helios cuts error rates in half compared with its previous chip.',
    5,
    { thumbnail: 'https://cdn.theverge.test/helios.jpg' },
  ),
  news(
    'https://arstechnica.com/science/2026/11/quantix-helios-chip-crosses-the-1000-qubit-mark/',
    "Quantix's Helios chip crosses the 1,000-qubit mark",
    "Quantix's new Helios quantum chip packs 1,000 superconducting qubits. The processor's error rates are about half those of the company's earlier hardware, according to benchmarks Quantix published.",
    4,
  ),
  news(
    'https://www.wired.com/story/quantix-helios-quantum-computer-chip/',
    "Inside Helios, Quantix's 1,000-qubit quantum computer chip",
    'A look inside Helios, the 1,000-qubit quantum chip Quantix announced this week, and what its lower error rates could mean for quantum computers.',
    2,
  ),
];

/** Three outlets report a rate rise (finance). */
export const RATE_RISE = [
  news(
    'https://www.reuters.com/markets/us/federal-reserve-raises-interest-rates-quarter-point/',
    'Federal Reserve raises interest rates by a quarter point',
    'The Federal Reserve raised its benchmark interest rate by a quarter percentage point on Wednesday, citing inflation that remains above its 2% target.',
    8,
  ),
  news(
    'https://www.cnbc.com/2026/11/30/fed-rate-decision.html',
    'Fed hikes rates 25 basis points, signals more to come',
    'The Federal Reserve raised interest rates by a quarter point and signalled further increases, as inflation stays above target.',
    7,
  ),
  news(
    'https://www.ft.com/content/fed-lifts-interest-rates-inflation',
    'Fed lifts interest rates as inflation stays above target',
    "The US Federal Reserve lifted interest rates by a quarter of a percentage point, the central bank's third rise this year, to bring inflation back to target.",
    6,
  ),
];

/** Stories reported once, some sharing a word or two with the events above. */
export const SINGLE_STORIES = [
  news(
    'https://www.space.com/nasa-names-crew-next-moon-mission',
    'NASA names crew for its next Moon mission',
    'NASA named four astronauts who will fly the next crewed mission around the Moon, including the first European to make the trip.',
    10,
  ),
  news(
    'https://www.nature.com/articles/mars-rover-organic-molecules-lakebed',
    'Mars rover finds organic molecules in ancient lakebed',
    'The Perseverance rover has found organic molecules in rocks from an ancient lakebed in Jezero crater, a new study reports.',
    12,
  ),
  news(
    'https://techcrunch.com/2026/11/30/qubitworks-raises-40-million-quantum-software/',
    'QubitWorks raises $40 million for quantum software tools',
    'Startup QubitWorks has raised $40 million to build developer tools for programming quantum computers, led by venture firm Northwind.',
    9,
  ),
  news(
    'https://www.bloomberg.com/news/articles/oil-prices-fall-supply-concerns-ease',
    'Oil prices fall as supply concerns ease',
    'Brent crude fell 2% as traders bet that supply disruptions in the North Sea would be short-lived.',
    5,
  ),
  news(
    'https://www.mortgagenews.test/2026/11/30/rates-hold-steady-ahead-of-fed',
    'Mortgage rates hold steady ahead of Fed decision',
    "Average 30-year mortgage rates were little changed this week as buyers awaited the Federal Reserve's decision on interest rates.",
    30,
  ),
  news(
    'https://www.espn.com/soccer/story/city-win-league-title-final-day',
    'City win the league title on a dramatic final day',
    'City came from behind to win 3-2 and take the league title on goal difference.',
    14,
  ),
];

/** A story from last week: only searches over the week find it. */
export const LAST_WEEK = news(
  'https://www.sciencenews.org/article/comet-returns-after-3000-years',
  'Comet returns to the inner solar system after 3,000 years',
  'A comet last seen 3,000 years ago has returned to the inner solar system and may be visible to the naked eye from the southern hemisphere.',
  24 * 4,
);

const PLACES = [
  'Ashford',
  'Brookvale',
  'Caldwell',
  'Dunmore',
  'Eastleigh',
  'Fairhaven',
  'Glenrock',
  'Hartfield',
  'Ironbridge',
  'Juniper',
  'Kingsmoor',
  'Larchmont',
  'Millbrook',
  'Northgate',
  'Oakridge',
  'Pinecrest',
  'Quarry',
  'Redwater',
  'Stonebury',
  'Thornbury',
  'Upton',
  'Valemont',
  'Westcliff',
  'Yarrow',
  'Zennor',
  'Alderney',
  'Bramley',
  'Corfe',
  'Dorrington',
  'Elmstead',
  'Foxton',
  'Gresham',
  'Holloway',
  'Ilkley',
  'Jesmond',
  'Kelso',
  'Ludlow',
  'Marlow',
  'Nantwich',
  'Otley',
  'Penrith',
  'Ripon',
  'Settle',
  'Thirsk',
  'Uckfield',
  'Ventnor',
  'Wetherby',
  'Yeovil',
];

const VERBS = [
  'beat',
  'edge',
  'stun',
  'hold',
  'thrash',
  'sink',
  'top',
  'defeat',
  'rout',
  'pip',
  'overcome',
  'outlast',
  'upset',
  'halt',
  'trounce',
  'dispatch',
];

/**
 * Sixteen unrelated sports results (eight found by "football", eight by "cricket"): more stories
 * than one page holds. Each names places no other story names, so none of them cluster.
 */
export const SPORTS_RESULTS = Array.from({ length: 16 }, (_, index) => {
  const sport = index < 8 ? 'football' : 'cricket';
  const [home, away, ground] = PLACES.slice(index * 3, index * 3 + 3) as [string, string, string];
  const verb = VERBS[index] as string;
  return news(
    `https://sport.example-${index}.test/${sport}/${home.toLowerCase()}-v-${away.toLowerCase()}`,
    `${home} ${verb} ${away}`,
    `${home} met ${away} at ${ground} (${sport}).`,
    1 + index,
  );
});

export const NEWS_CORPUS: FixtureDocument[] = [
  ...MOON_LANDING,
  ...QUANTUM_CHIP,
  ...RATE_RISE,
  ...SINGLE_STORIES,
  LAST_WEEK,
  ...SPORTS_RESULTS,
];

/**
 * The topics tests configure: a search per event's words, so the fake SearXNG (keyword overlap)
 * finds each event under its topic, and `top` sees all three events.
 */
export const TEST_TOPICS =
  'top=moon|quantum|interest rates;tech=quantum computers|software;science=moon|mars|comet;' +
  'finance=interest rates|oil prices;sports=football|cricket';

/** What the tech RSS feed carries: the quantum chip from a fourth outlet, and a story of its own. */
export function techFeedItems(): FeedItem[] {
  return [
    {
      title: 'Quantix Helios: a 1,000-qubit quantum processor with half the error rates',
      link: 'https://www.engadget.com/quantix-helios-quantum-processor-1000-qubits.html',
      summary: 'Quantix announced Helios.',
      html: '<p>Quantix today announced <b>Helios</b>, a quantum processor with 1,000 qubits.</p><p>The company says error rates are half those of its previous chip.</p><script>track()</script>',
      published: new Date(Date.now() - 3 * 3_600_000),
    },
    {
      title: 'Open-source browser engine Ladybug ships its first stable release',
      link: 'https://blog.ladybug.test/posts/ladybug-1-0?utm_campaign=rss',
      html: '<p>The <a href="https://ladybug.test">Ladybug</a> browser engine reached <em>1.0</em> after six years of development.</p><style>p{}</style>',
      published: new Date(Date.now() - 2 * 3_600_000),
    },
    {
      title: 'An old post the time window leaves out',
      link: 'https://blog.ladybug.test/posts/old',
      html: '<p>Written long ago.</p>',
      published: new Date(Date.now() - 60 * 86_400_000),
    },
  ];
}
