/**
 * One search result the fake SearXNG can return. Field names follow SearXNG's JSON so a document
 * maps onto a result with no renaming.
 */
export interface FixtureDocument {
  url: string;
  title: string;
  content: string;
  /** The engines that "found" it; the first is reported as `engine`. */
  engines: string[];
  /** SearXNG category: 'general', 'science', 'videos', 'news', 'social media', 'it', ... */
  category: string;
  /** ISO 8601 or null. */
  publishedDate: string | null;
  thumbnail?: string;
  img_src?: string;
  iframe_src?: string;
  /** Image results: the small version, "1920 x 1080", "jpeg". */
  thumbnail_src?: string;
  resolution?: string;
  img_format?: string;
  /** Video results: "4:32" (SearXNG passes engines' durations through as text), the channel. */
  length?: string;
  author?: string;
  /**
   * Adult content: left out when the request asks for safe search (`safesearch=1` or `2`), as
   * SearXNG's engines filter it. Never sent on the wire.
   */
  adult?: boolean;
}

/** News must look fresh whenever the tests run, so its dates are relative to module load. */
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const general = (
  url: string,
  title: string,
  content: string,
  engines: string[] = ['google', 'bing'],
  publishedDate: string | null = null,
): FixtureDocument => ({ url, title, content, engines, category: 'general', publishedDate });

/** ~40 documents over varied topics; ids are not needed, tests look documents up by url. */
export const defaultSearxngCorpus: readonly FixtureDocument[] = [
  // --- science ---
  general(
    'https://en.wikipedia.org/wiki/Photosynthesis',
    'Photosynthesis - Wikipedia',
    'Photosynthesis is the process by which plants, algae and some bacteria convert light energy into chemical energy stored in glucose. Chlorophyll in the chloroplasts absorbs sunlight and releases oxygen as a by-product.',
    ['google', 'bing', 'duckduckgo'],
  ),
  general(
    'https://www.nasa.gov/universe/what-is-a-black-hole/',
    'What Is a Black Hole? | NASA',
    'A black hole is a region of space where gravity is so strong that nothing, not even light, can escape. Black holes form when massive stars collapse at the end of their life cycle.',
  ),
  general(
    'https://www.britannica.com/science/climate-change',
    'Climate change | Causes, Effects and Facts | Britannica',
    'Climate change is the long-term shift in global temperatures and weather patterns. Since the industrial revolution, burning fossil fuels has raised carbon dioxide levels and warmed the planet.',
    ['bing', 'duckduckgo'],
    '2025-03-14T00:00:00.000Z',
  ),
  general(
    'https://www.genome.gov/about-genomics/policy-issues/what-is-Genome-Editing',
    'What is Genome Editing? CRISPR explained',
    'CRISPR-Cas9 is a genome editing tool that lets scientists cut DNA at a precise location. It is faster, cheaper and more accurate than earlier gene editing methods.',
  ),
  general(
    'https://www.ibm.com/topics/quantum-computing',
    'What Is Quantum Computing? | IBM',
    'Quantum computing uses qubits, which can represent zero and one at the same time through superposition. Entanglement lets quantum computers solve certain problems faster than classical computers.',
    ['google'],
  ),
  // --- tech ---
  general(
    'https://www.typescriptlang.org/docs/handbook/intro.html',
    'TypeScript Handbook: The TypeScript language',
    'TypeScript is a strongly typed programming language that builds on JavaScript. Its type checker catches errors before code runs and editors use the types for completion.',
  ),
  general(
    'https://nodejs.org/en/learn/getting-started/introduction-to-nodejs',
    'Introduction to Node.js',
    'Node.js is an open-source, cross-platform JavaScript runtime built on the V8 engine. Its event loop handles many concurrent connections on a single thread with non-blocking I/O.',
  ),
  general(
    'https://kubernetes.io/docs/concepts/overview/',
    'Overview | Kubernetes',
    'Kubernetes is a portable, extensible platform for managing containerized workloads and services. It automates deployment, scaling and self-healing of containers across a cluster.',
    ['google', 'bing', 'brave'],
  ),
  general(
    'https://www.postgresql.org/about/',
    'PostgreSQL: About',
    'PostgreSQL is a powerful open source object-relational database system with over 35 years of active development. It is known for reliability, data integrity and a rich set of SQL features.',
  ),
  general(
    'https://redis.io/docs/latest/develop/get-started/',
    'Redis: an in-memory data store',
    'Redis is an in-memory data store used as a cache, message broker and database. It keeps data in memory for sub-millisecond latency and supports strings, hashes, lists, sets and streams.',
  ),
  general(
    'https://www.rust-lang.org/learn',
    'Learn Rust - Rust Programming Language',
    'Rust is a systems programming language focused on memory safety without garbage collection. The borrow checker enforces ownership rules at compile time and prevents data races.',
  ),
  general(
    'https://en.wikipedia.org/wiki/Large_language_model',
    'Large language model - Wikipedia',
    'A large language model is a neural network trained on vast amounts of text to predict the next token. Transformer architectures with attention let these models generate fluent text and answer questions.',
    ['google', 'bing', 'duckduckgo'],
  ),
  // --- history ---
  general(
    'https://www.history.com/topics/ancient-rome/ancient-rome',
    'Ancient Rome: Empire, Republic and Fall - HISTORY',
    'The Roman Empire grew from the city of Rome into a state that ruled the Mediterranean world. The western empire fell in 476 AD when Germanic leader Odoacer deposed the last emperor.',
  ),
  general(
    'https://en.wikipedia.org/wiki/French_Revolution',
    'French Revolution - Wikipedia',
    'The French Revolution began in 1789 with the storming of the Bastille. It abolished the monarchy, proclaimed the rights of man and reshaped politics across Europe.',
  ),
  general(
    'https://www.britannica.com/technology/printing-press',
    'Printing press | History, Gutenberg and Facts | Britannica',
    'Johannes Gutenberg developed a movable type printing press around 1440 in Mainz. Printed books spread literacy and ideas quickly and helped drive the Reformation and the scientific revolution.',
  ),
  general(
    'https://www.nasa.gov/mission/apollo-11/',
    'Apollo 11: the first moon landing - NASA',
    'On July 20, 1969, Apollo 11 astronauts Neil Armstrong and Buzz Aldrin became the first humans to walk on the moon. Michael Collins orbited above in the command module.',
    ['google', 'bing'],
    '1969-07-20T20:17:00.000Z',
  ),
  // --- health ---
  general(
    'https://www.cdc.gov/sleep/about/index.html',
    'About Sleep | CDC',
    'Adults need seven or more hours of sleep per night. Getting enough sleep supports heart health, memory and mood, while chronic sleep loss raises the risk of diabetes and obesity.',
  ),
  general(
    'https://ods.od.nih.gov/factsheets/VitaminD-Consumer/',
    'Vitamin D - Health Professional Fact Sheet',
    'Vitamin D helps the body absorb calcium and keeps bones strong. The skin makes vitamin D from sunlight, and it is also found in fatty fish, eggs and fortified milk.',
  ),
  general(
    'https://www.heart.org/en/healthy-living/fitness/fitness-basics/aha-recs-for-physical-activity-in-adults',
    'Exercise recommendations for heart health | American Heart Association',
    'Adults should get at least 150 minutes of moderate aerobic exercise per week. Regular exercise lowers blood pressure, improves cholesterol and reduces the risk of heart disease.',
  ),
  general(
    'https://www.hopkinsmedicine.org/health/wellness-and-prevention/intermittent-fasting-what-is-it-and-how-does-it-work',
    'Intermittent Fasting: What is it, and how does it work?',
    'Intermittent fasting is an eating pattern that cycles between periods of fasting and eating. Studies suggest it can help weight loss and improve insulin sensitivity.',
  ),
  // --- finance ---
  general(
    'https://www.investopedia.com/terms/i/indexfund.asp',
    'Index Fund: Definition, How It Works, Pros and Cons',
    'An index fund is a mutual fund or exchange traded fund that tracks a market index such as the S&P 500. Index funds offer broad diversification and low fees for long-term investors.',
  ),
  general(
    'https://www.imf.org/en/Publications/fandd/issues/Series/Back-to-Basics/Inflation',
    'Inflation: Prices on the Rise - IMF',
    'Inflation is the rate at which prices for goods and services rise over time. Central banks raise interest rates to slow inflation by making borrowing more expensive.',
  ),
  general(
    'https://www.investor.gov/financial-tools-calculators/calculators/compound-interest-calculator',
    'Compound Interest Calculator | Investor.gov',
    'Compound interest is interest earned on both the original principal and the interest already added. Over long periods compounding makes savings grow exponentially.',
  ),
  general(
    'https://www.investopedia.com/terms/b/bond.asp',
    'Bond: Financial Meaning With Examples and How They Are Priced',
    'A bond is a fixed income instrument representing a loan made by an investor to a borrower. Bond prices fall when interest rates rise, and they pay periodic coupon interest.',
  ),
  general(
    'https://bitcoin.org/en/how-it-works',
    'How does Bitcoin work? - Bitcoin cryptocurrency',
    'Bitcoin is a decentralized cryptocurrency secured by a proof of work blockchain. Miners validate transactions and the supply is capped at 21 million coins.',
  ),
  // --- near-duplicates of one page (canonical merging): www., utm params and trailing slash differ ---
  general(
    'https://www.sleepfoundation.org/how-sleep-works/?utm_source=newsletter&utm_medium=email',
    'How Sleep Works: Understanding the Science of Sleep',
    'Sleep moves through cycles of REM and non-REM stages about every 90 minutes. Deep sleep restores the body while REM sleep supports memory and learning.',
    ['google'],
  ),
  general(
    'https://sleepfoundation.org/how-sleep-works',
    'How Sleep Works: Understanding the Science of Sleep',
    'Sleep moves through cycles of REM and non-REM stages about every 90 minutes. Deep sleep restores the body while REM sleep supports memory and learning.',
    ['bing'],
  ),
  // --- academic (science) ---
  {
    url: 'https://arxiv.org/abs/1706.03762',
    title: 'Attention Is All You Need',
    content:
      'We propose the Transformer, a network architecture based solely on attention mechanisms, dispensing with recurrence and convolutions. Experiments on machine translation show superior quality.',
    engines: ['arxiv', 'google scholar'],
    category: 'science',
    publishedDate: '2017-06-12T00:00:00.000Z',
  },
  {
    url: 'https://pubmed.ncbi.nlm.nih.gov/30452289/',
    title: 'Sleep duration and cardiovascular health: a systematic review',
    content:
      'This systematic review finds that short sleep duration is associated with higher risk of hypertension and coronary heart disease in adults.',
    engines: ['pubmed'],
    category: 'science',
    publishedDate: '2018-11-19T00:00:00.000Z',
  },
  {
    url: 'https://arxiv.org/abs/2005.11401',
    title: 'Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks',
    content:
      'Retrieval-augmented generation combines a pretrained language model with a dense retriever over Wikipedia, improving factual answers on open-domain question answering.',
    engines: ['arxiv', 'semantic scholar'],
    category: 'science',
    publishedDate: '2020-05-22T00:00:00.000Z',
  },
  {
    url: 'https://www.nature.com/articles/s41586-019-1666-5',
    title: 'Quantum supremacy using a programmable superconducting processor',
    content:
      'A quantum processor with 53 superconducting qubits sampled a random circuit in 200 seconds, a task estimated to take a classical supercomputer 10,000 years.',
    engines: ['google scholar', 'crossref'],
    category: 'science',
    publishedDate: '2019-10-23T00:00:00.000Z',
  },
  // --- videos ---
  {
    url: 'https://www.youtube.com/watch?v=sQK3Yr4Sc_k',
    title: 'Photosynthesis explained in 5 minutes',
    content: 'How plants turn sunlight, water and carbon dioxide into glucose and oxygen, animated.',
    engines: ['youtube'],
    category: 'videos',
    publishedDate: '2021-04-02T00:00:00.000Z',
    thumbnail: 'https://i.ytimg.com/vi/sQK3Yr4Sc_k/hqdefault.jpg',
    iframe_src: 'https://www.youtube-nocookie.com/embed/sQK3Yr4Sc_k',
  },
  {
    url: 'https://www.youtube.com/watch?v=wjZofJX0v4M',
    title: 'But what is a GPT? Visual intro to transformers',
    content: 'A visual introduction to transformers and large language models, attention and embeddings.',
    engines: ['youtube'],
    category: 'videos',
    publishedDate: '2024-04-01T00:00:00.000Z',
    thumbnail: 'https://i.ytimg.com/vi/wjZofJX0v4M/hqdefault.jpg',
    iframe_src: 'https://www.youtube-nocookie.com/embed/wjZofJX0v4M',
  },
  {
    url: 'https://www.youtube.com/watch?v=e-P5IFTqB98',
    title: 'Black holes explained: from birth to death',
    content:
      'What black holes are, how massive stars collapse into them and what happens at the event horizon.',
    engines: ['youtube'],
    category: 'videos',
    publishedDate: '2015-12-15T00:00:00.000Z',
    thumbnail: 'https://i.ytimg.com/vi/e-P5IFTqB98/hqdefault.jpg',
    iframe_src: 'https://www.youtube-nocookie.com/embed/e-P5IFTqB98',
  },
  // --- news (recent) ---
  {
    url: 'https://www.reuters.com/markets/central-banks-hold-interest-rates-inflation/',
    title: 'Central banks hold interest rates as inflation cools',
    content: 'Major central banks kept interest rates unchanged this week as inflation eased toward target.',
    engines: ['bing news', 'google news'],
    category: 'news',
    publishedDate: hoursAgo(3),
    img_src: 'https://www.reuters.com/resizer/central-banks.jpg',
  },
  {
    url: 'https://apnews.com/article/space-telescope-black-hole-discovery',
    title: 'Space telescope spots the most distant black hole yet',
    content: 'Astronomers say the black hole formed only a few hundred million years after the Big Bang.',
    engines: ['google news'],
    category: 'news',
    publishedDate: hoursAgo(20),
  },
  {
    url: 'https://www.bbc.com/news/technology-open-source-ai-models',
    title: 'Open source AI models close the gap with commercial rivals',
    content: 'New open large language models now match commercial systems on several benchmarks.',
    engines: ['bing news'],
    category: 'news',
    publishedDate: hoursAgo(48),
  },
  // --- social media ---
  {
    url: 'https://www.reddit.com/r/personalfinance/comments/abc123/index_funds_vs_individual_stocks/',
    title: 'Index funds vs individual stocks for a beginner? : r/personalfinance',
    content:
      'Most replies recommend low cost index funds over picking individual stocks for long-term investing.',
    engines: ['reddit'],
    category: 'social media',
    publishedDate: '2024-08-10T12:00:00.000Z',
  },
  {
    url: 'https://www.reddit.com/r/learnprogramming/comments/def456/is_rust_worth_learning/',
    title: 'Is Rust worth learning in 2025? : r/learnprogramming',
    content: 'Users discuss the Rust borrow checker, memory safety and the learning curve compared to C++.',
    engines: ['reddit'],
    category: 'social media',
    publishedDate: '2025-01-05T09:30:00.000Z',
  },
  // --- patents (only with engines=google_patents, as real instances keep that engine off by default) ---
  {
    url: 'https://patents.google.com/patent/US9023601B2/en',
    title: 'US9023601B2 - CRISPR-Cas systems and methods for altering expression of gene products',
    content:
      'Systems and methods for genome editing using a CRISPR-Cas9 enzyme and guide RNA to cut target DNA.',
    engines: ['google_patents'],
    category: 'science',
    publishedDate: '2015-05-05T00:00:00.000Z',
    thumbnail: 'https://patentimages.storage.googleapis.com/US9023601B2.png',
  },
  {
    url: 'https://patents.google.com/patent/US10452978B2/en',
    title: 'US10452978B2 - Attention-based sequence transduction neural networks',
    content:
      'A neural network system that transduces sequences using self-attention layers instead of recurrence.',
    engines: ['google_patents'],
    category: 'science',
    publishedDate: '2019-10-22T00:00:00.000Z',
  },
  {
    url: 'https://patents.google.com/patent/US7654321B1/en',
    title: 'US7654321B1 - Solar cell with improved light absorption',
    content:
      'A photovoltaic solar cell with a textured surface that increases light absorption and energy conversion.',
    engines: ['google_patents'],
    category: 'science',
    publishedDate: '2010-02-02T00:00:00.000Z',
  },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Pages about offshore wind on many hosts and of many ages, for search-filter tests (domain
 * allow/deny lists, recency, date windows, SEC, academic and patent search). Dates are relative to
 * `now`, so the tests never age; each page's age is in the comment beside it. Not part of the
 * default corpus: tests add it with `corpus: [...defaultSearxngCorpus, ...searchFilterCorpus()]`.
 */
export function searchFilterCorpus(now = Date.now()): FixtureDocument[] {
  const ago = (ms: number) => new Date(now - ms).toISOString();
  const page = (
    url: string,
    title: string,
    content: string,
    publishedDate: string | null,
    more: Partial<FixtureDocument> = {},
  ): FixtureDocument => ({
    url,
    title,
    content,
    engines: ['google', 'bing'],
    category: 'general',
    publishedDate,
    ...more,
  });
  return [
    page(
      'https://www.energy.gov/eere/wind/offshore-wind-update',
      'Offshore wind energy update | Department of Energy',
      'The offshore wind program funds floating turbine research and port upgrades for new wind farms.',
      ago(20 * 60_000), // 20 minutes
    ),
    page(
      'https://www.reuters.com/business/energy/offshore-wind-auction-record/',
      'Offshore wind auction sets a record',
      'Developers bid a record sum for offshore wind leases as turbine costs fall.',
      ago(6 * HOUR_MS), // 6 hours
    ),
    page(
      'https://apnews.com/article/offshore-wind-turbine-blades',
      'Longer offshore wind turbine blades arrive at port',
      'The largest offshore wind turbine blades yet were unloaded for a wind farm off the coast.',
      ago(3 * DAY_MS), // 3 days
    ),
    page(
      'https://energy.gov.example.net/offshore-wind-grants',
      'Offshore wind grants (not the Department of Energy)',
      'A look-alike host: energy.gov is only the start of its name. Offshore wind turbine grants.',
      ago(2 * DAY_MS), // 2 days
    ),
    page(
      'https://notenergy.gov/offshore-wind-turbine-facts',
      'Offshore wind turbine facts',
      'Another look-alike host ending in energy.gov without being it. Offshore wind turbine facts.',
      ago(10 * DAY_MS), // 10 days
    ),
    page(
      'https://www.theguardian.com/environment/offshore-wind-farms',
      'How offshore wind farms are changing the coast',
      'Offshore wind farms bring turbines, cables and new jobs to coastal towns.',
      ago(12 * DAY_MS), // 12 days
    ),
    page(
      'https://www.bbc.com/news/science-environment-offshore-wind',
      'Offshore wind: how big can turbines get?',
      'Engineers explain the limits of offshore wind turbine size and the winds at sea.',
      ago(20 * DAY_MS), // 20 days
    ),
    page(
      'https://windexchange.energy.gov/markets/offshore',
      'Offshore wind market report | WINDExchange',
      'Offshore wind capacity in the pipeline grew again; turbine orders rose for the third year.',
      ago(40 * DAY_MS), // 40 days, a subdomain of energy.gov
    ),
    page(
      'https://www.iea.org/reports/offshore-wind-outlook',
      'Offshore Wind Outlook - IEA',
      'Offshore wind could supply a large share of electricity demand; turbine technology keeps improving.',
      ago(200 * DAY_MS), // 200 days
    ),
    page(
      'https://www.nrel.gov/wind/offshore-wind-research.html',
      'Offshore wind research | NREL',
      'Research on offshore wind turbine design, floating platforms and wind resource maps.',
      ago(3 * 365 * DAY_MS), // 3 years
    ),
    page(
      'https://en.wikipedia.org/wiki/Offshore_wind_power',
      'Offshore wind power - Wikipedia',
      'Offshore wind power is the generation of electricity through wind farms in bodies of water, using turbines.',
      null, // no date
    ),
    page(
      'https://www.investopedia.com/terms/1/10-k.asp',
      'Form 10-K: annual report definition',
      'A Form 10-K is the annual report public companies file with the SEC, for example offshore wind developers.',
      ago(30 * DAY_MS), // 30 days
    ),
    page(
      'https://www.sec.gov/Archives/edgar/data/0001234567/offshore-wind-10k.htm',
      'Annual report (Form 10-K): offshore wind revenue and turbine orders',
      'Form 10-K annual report of an offshore wind developer: revenue, turbine orders and risk factors.',
      ago(60 * DAY_MS), // 60 days
    ),
    page(
      'https://efts.sec.gov/filings/offshore-wind-8k',
      'Current report (Form 8-K): offshore wind lease award',
      'Form 8-K current report on an offshore wind lease award and turbine supply agreement.',
      ago(5 * DAY_MS), // 5 days, a subdomain of sec.gov
    ),
    page(
      'https://arxiv.org/abs/2401.01234',
      'Wake effects between offshore wind turbines: a modelling study',
      'We model wake losses between offshore wind turbines in large wind farms and validate against measurements.',
      ago(400 * DAY_MS), // 400 days
      { engines: ['arxiv', 'google scholar'], category: 'science' },
    ),
    page(
      'https://www.nature.com/articles/s41560-offshore-wind-turbines',
      'Floating offshore wind turbines at scale',
      'A review of floating offshore wind turbine designs, costs and deployment at scale.',
      ago(90 * DAY_MS), // 90 days
      { engines: ['google scholar', 'crossref'], category: 'science' },
    ),
    page(
      'https://patents.google.com/patent/US11555555B2/en',
      'US11555555B2 - Floating platform for an offshore wind turbine',
      'A floating platform with ballast tanks that keeps an offshore wind turbine stable in waves.',
      ago(700 * DAY_MS), // 700 days
      { engines: ['google_patents'], category: 'science' },
    ),
  ];
}
