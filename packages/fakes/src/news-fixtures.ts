import type { FixtureDocument } from './searxng-corpus.ts';

/**
 * News stories as SearXNG's news category returns them, for tests that compare outlets' accounts
 * of one event (Discover's triangulation). Dates are relative to module load, so the stories are
 * always "today".
 */

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const newsDocument = (url: string, title: string, content: string, hours: number): FixtureDocument => ({
  url,
  title,
  content,
  engines: ['google news', 'bing news'],
  category: 'news',
  publishedDate: hoursAgo(hours),
});

/**
 * One event, three outlets. They agree that a Northline train derailed near Valbury on Tuesday
 * (all three) and that Northline suspended services (Reuters and AP); they differ on the death
 * toll (three say Reuters and the BBC, five says AP); only the BBC reports the suspected cause.
 * Sources are numbered by first report: Reuters [1], then the others newest first: BBC [2], AP [3].
 */
export const TRAIN_DERAILMENT: readonly FixtureDocument[] = [
  newsDocument(
    'https://www.reuters.com/world/northline-train-derails-near-valbury/',
    'Train derails near Valbury, killing three - Reuters',
    'A Northline passenger train derailed near Valbury on Tuesday morning. Three people were killed in the derailment, police said. Northline suspended all services on the line.',
    6,
  ),
  newsDocument(
    'https://apnews.com/article/valbury-train-derailment-northline',
    'Valbury train derailment kills five, fire service says',
    'A passenger train derailed near Valbury on Tuesday morning, officials said. Five people were killed in the derailment, according to the regional fire service. Northline suspended all services on the line.',
    5,
  ),
  newsDocument(
    'https://www.bbc.co.uk/news/valbury-rail-crash-northline-train-derails',
    'Valbury rail crash: Northline train derails',
    'A Northline passenger train derailed near Valbury on Tuesday. Three people were killed in the derailment. Investigators believe a broken rail caused the crash.',
    4,
  ),
];

/** A story only one outlet reports: nothing to triangulate. */
export const LONE_REPORT: FixtureDocument = newsDocument(
  'https://www.harbourherald.test/floating-solar-farm-opens',
  'Harbour city opens a floating solar farm on its reservoir',
  'The floating solar farm on the Eastmere reservoir will power about 4,000 homes, the city council said.',
  3,
);

/** Both, for a fake SearXNG's corpus. */
export const OVERLAPPING_NEWS: readonly FixtureDocument[] = [...TRAIN_DERAILMENT, LONE_REPORT];
