import {
  defaultSearxngCorpus,
  type FixtureDocument,
  searchFilterCorpus,
  startFakeOllama,
  startFakeOpenAI,
  startFakeSearxng,
} from '@perplexica/fakes';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLibraryService } from '../../library-svc/test/harness.ts';
import { type MediaWorld, startMediaWorld } from '../../media-svc/test/harness.ts';
import { startSearchService } from '../../search-svc/test/harness.ts';
import { ask, type ChatServiceUnderTest, eventOf, type Neighbours, startChatService } from './harness.ts';

// Sonar's search controls end to end: chat-svc → search-svc (real, over HTTP) → the SearXNG
// double with offshore-wind pages of many hosts and ages (dates relative to now). The double
// ignores site: operators, as some engines do, so the filters must hold by themselves.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const corpus: FixtureDocument[] = [...defaultSearxngCorpus, ...searchFilterCorpus()];
const byUrl = new Map(corpus.map((doc) => [doc.url, doc]));

let world: Neighbours;
let media: MediaWorld;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };
/** The same, with the OpenAI double as its model: rewrites, the research agent, related questions. */
let modelChat: ChatServiceUnderTest & { closeAll(): Promise<void> };
let token: string;
let counter = 0;
/** Each question differs, so no cache (search-svc's or media-svc's) answers for another test. */
const fresh = (text: string) => `${text} ${String.fromCharCode(97 + (counter++ % 26))}${counter}`;

beforeAll(async () => {
  const searxng = await startFakeSearxng({ corpus, ignoreSiteOperators: true });
  const [openai, ollama] = await Promise.all([startFakeOpenAI(), startFakeOllama()]);
  const [search, library] = await Promise.all([
    startSearchService({ SEARXNG_URL: searxng.url, FETCH_TIMEOUT_MS: '500', LOG_LEVEL: 'warn' }),
    startLibraryService({ LOG_LEVEL: 'warn' }),
  ]);
  world = {
    searxng,
    openai,
    ollama,
    search,
    library,
    async close() {
      await Promise.allSettled([search.close(), library.close()]);
      await Promise.allSettled([searxng.close(), openai.close(), ollama.close()]);
    },
  };
  media = await startMediaWorld();
  chat = await startChatService(world, { LLM_PROVIDER: 'extractive', MEDIA_SERVICE_URL: media.media.url });
  modelChat = await startChatService(world);
  token = await chat.token('filter-user');
});
afterAll(async () => {
  await Promise.allSettled([chat?.closeAll(), modelChat?.closeAll()]);
  await media?.close();
  await world?.close();
});

interface SourceSeen {
  url: string;
  publishedDate: string | null;
}

async function sourcesFor(body: Record<string, unknown>) {
  const result = await ask(chat, token, body);
  expect(result.status).toBe(200);
  expect(eventOf(result.events, 'done')).toBeDefined();
  return {
    events: result.events,
    sources: (eventOf(result.events, 'sources')?.data.sources ?? []) as SourceSeen[],
  };
}

const hostOf = (url: string) => new URL(url).hostname;
const urlsOf = (sources: SourceSeen[]) => sources.map((source) => source.url);
const onDomain = (url: string, domain: string) =>
  hostOf(url) === domain || hostOf(url).endsWith(`.${domain}`);
/** Sonar's %m/%d/%Y for the UTC day `ms` falls on. */
const sonarDate = (ms: number) => {
  const date = new Date(ms);
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
};
const startOfUtcDay = (ms: number) => Math.floor(ms / DAY) * DAY;

describe('search_domain_filter (searchDomainFilter)', () => {
  it('an allow-list: only the domain and its subdomains are sources, never look-alike hosts', async () => {
    const { sources } = await sourcesFor({
      query: fresh('offshore wind turbine'),
      searchDomainFilter: ['energy.gov'],
      searchContextSize: 'high',
    });
    expect(urlsOf(sources)).toContain('https://www.energy.gov/eere/wind/offshore-wind-update');
    for (const source of sources) expect(onDomain(source.url, 'energy.gov')).toBe(true);
    expect(urlsOf(sources).some((url) => /notenergy|example\.net/.test(url))).toBe(false);
  });

  it('a deny-list: none of the denied domains, everything else may be', async () => {
    const { sources } = await sourcesFor({
      query: fresh('offshore wind turbine'),
      searchDomainFilter: ['-energy.gov', '-reuters.com'],
      searchContextSize: 'high',
    });
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(onDomain(source.url, 'energy.gov') || onDomain(source.url, 'reuters.com')).toBe(false);
    }
    // Look-alikes are not the denied domain.
    expect(urlsOf(sources)).toContain('https://energy.gov.example.net/offshore-wind-grants');
  });

  it('nothing inside the filter: no sources, and the answer says why instead of citing others', async () => {
    const { sources, events } = await sourcesFor({
      query: fresh('offshore wind turbine'),
      searchDomainFilter: ['nothing-here.example.org'],
    });
    expect(sources).toEqual([]);
    expect(eventOf(events, 'meta')?.data.searchNotice).toMatch(/No web results matched the search filters/);
    const text = events
      .filter((event) => event.event === 'delta')
      .map((event) => event.data.text)
      .join('');
    expect(text).toMatch(/No web results matched the search filters/);
    expect(text).not.toMatch(/\[\d+\]/);
  });
});

describe('search_recency_filter (searchRecencyFilter)', () => {
  it.each([
    ['hour', HOUR, 'https://www.energy.gov/eere/wind/offshore-wind-update'],
    ['day', DAY, 'https://www.reuters.com/business/energy/offshore-wind-auction-record/'],
    ['week', 7 * DAY, 'https://apnews.com/article/offshore-wind-turbine-blades'],
    ['month', 30 * DAY, 'https://www.bbc.com/news/science-environment-offshore-wind'],
    ['year', 365 * DAY, 'https://www.iea.org/reports/offshore-wind-outlook'],
  ])('%s: only sources published in that window, undated ones never', async (recency, span, inside) => {
    const { sources } = await sourcesFor({
      query: fresh('offshore wind'),
      searchRecencyFilter: recency,
      searchContextSize: 'high',
    });
    expect(urlsOf(sources)).toContain(inside);
    const oldest = Date.now() - span;
    for (const source of sources) {
      expect(source.publishedDate).not.toBeNull();
      expect(Date.parse(source.publishedDate as string)).toBeGreaterThanOrEqual(oldest);
    }
    expect(urlsOf(sources)).not.toContain('https://en.wikipedia.org/wiki/Offshore_wind_power');
  });
});

describe('search_after_date_filter / search_before_date_filter (searchAfterDate / searchBeforeDate)', () => {
  it('a window of whole days: inside it only, both ends included', async () => {
    const now = Date.now();
    const { sources } = await sourcesFor({
      query: fresh('offshore wind'),
      searchAfterDate: sonarDate(now - 25 * DAY),
      searchBeforeDate: sonarDate(now - 5 * DAY),
      searchContextSize: 'high',
    });
    expect(urlsOf(sources)).toEqual(
      expect.arrayContaining([
        'https://www.bbc.com/news/science-environment-offshore-wind',
        'https://www.theguardian.com/environment/offshore-wind-farms',
      ]),
    );
    for (const source of sources) {
      const published = Date.parse(source.publishedDate as string);
      expect(published).toBeGreaterThanOrEqual(startOfUtcDay(now - 25 * DAY));
      expect(published).toBeLessThan(startOfUtcDay(now - 5 * DAY) + DAY);
    }
  });

  it('an after date alone, and a before date alone', async () => {
    const now = Date.now();
    const after = await sourcesFor({
      query: fresh('offshore wind'),
      searchAfterDate: sonarDate(now - 4 * DAY),
      searchContextSize: 'high',
    });
    expect(urlsOf(after.sources)).toContain('https://apnews.com/article/offshore-wind-turbine-blades');
    for (const source of after.sources) {
      expect(Date.parse(source.publishedDate as string)).toBeGreaterThanOrEqual(startOfUtcDay(now - 4 * DAY));
    }
    const before = await sourcesFor({
      query: fresh('offshore wind'),
      searchBeforeDate: sonarDate(now - 100 * DAY),
      searchContextSize: 'high',
    });
    expect(urlsOf(before.sources)).toContain('https://www.iea.org/reports/offshore-wind-outlook');
    for (const source of before.sources) {
      expect(Date.parse(source.publishedDate as string)).toBeLessThan(startOfUtcDay(now - 100 * DAY) + DAY);
    }
  });

  it('with a recency filter too, both apply', async () => {
    const now = Date.now();
    const { sources } = await sourcesFor({
      query: fresh('offshore wind'),
      searchRecencyFilter: 'month',
      searchBeforeDate: sonarDate(now - 15 * DAY),
      searchContextSize: 'high',
    });
    expect(urlsOf(sources)).toContain('https://www.bbc.com/news/science-environment-offshore-wind');
    for (const source of sources) {
      const published = Date.parse(source.publishedDate as string);
      expect(published).toBeGreaterThanOrEqual(now - 30 * DAY);
      expect(published).toBeLessThan(startOfUtcDay(now - 15 * DAY) + DAY);
    }
  });
});

describe('search_mode (searchMode)', () => {
  it('sec: SEC filings on sec.gov only', async () => {
    const { sources, events } = await sourcesFor({
      query: fresh('offshore wind annual report form 10-K'),
      searchMode: 'sec',
      searchContextSize: 'high',
    });
    expect(eventOf(events, 'meta')?.data.focus).toBe('web');
    expect(urlsOf(sources)).toContain(
      'https://www.sec.gov/Archives/edgar/data/0001234567/offshore-wind-10k.htm',
    );
    for (const source of sources) expect(onDomain(source.url, 'sec.gov')).toBe(true);
  });

  it('sec with a deny-list: both apply', async () => {
    const { sources } = await sourcesFor({
      query: fresh('offshore wind form 10-K 8-K report'),
      searchMode: 'sec',
      searchDomainFilter: ['-efts.sec.gov'],
      searchContextSize: 'high',
    });
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(hostOf(source.url)).toBe('www.sec.gov');
  });

  it('academic: the academic focus, scholarly sources only', async () => {
    const { sources, events } = await sourcesFor({
      query: fresh('offshore wind turbines wake'),
      searchMode: 'academic',
    });
    expect(eventOf(events, 'meta')?.data.focus).toBe('academic');
    expect(urlsOf(sources)).toContain('https://arxiv.org/abs/2401.01234');
    for (const source of sources) expect(byUrl.get(source.url)?.category).toBe('science');
  });

  it('patents: the patents focus, patents only', async () => {
    const { sources, events } = await sourcesFor({
      query: fresh('floating platform offshore wind turbine'),
      searchMode: 'patents',
    });
    expect(eventOf(events, 'meta')?.data.focus).toBe('patents');
    expect(urlsOf(sources)).toContain('https://patents.google.com/patent/US11555555B2/en');
    for (const source of sources) expect(hostOf(source.url)).toBe('patents.google.com');
  });
});

describe('return_images, return_related_questions, search_context_size', () => {
  it('returnImages false: media-svc is never asked and no media event is sent', async () => {
    const searches = () => media.searxng.searchCount();
    const before = searches();
    const off = await ask(chat, token, { query: fresh('Lighthouse'), returnImages: false });
    expect(eventOf(off.events, 'done')).toBeDefined();
    expect(eventOf(off.events, 'media')).toBeUndefined();
    expect(searches()).toBe(before);
    // The same question without it does ask, and shows the images.
    const on = await ask(chat, token, { query: fresh('Lighthouse') });
    expect(eventOf(on.events, 'media')?.data.images.length).toBeGreaterThan(0);
    expect(searches()).toBeGreaterThan(before);
  });

  it('returnRelatedQuestions false: no related event; by default there is one', async () => {
    const off = await ask(chat, token, { query: fresh('offshore wind'), returnRelatedQuestions: false });
    expect(eventOf(off.events, 'done')).toBeDefined();
    expect(eventOf(off.events, 'related')).toBeUndefined();
    const on = await ask(chat, token, { query: fresh('offshore wind') });
    expect(eventOf(on.events, 'related')?.data.questions.length).toBeGreaterThan(0);
  });

  it('searchContextSize: low reads fewer sources than the mode, high more', async () => {
    const low = await sourcesFor({ query: fresh('offshore wind turbine'), searchContextSize: 'low' });
    const plain = await sourcesFor({ query: fresh('offshore wind turbine') });
    const high = await sourcesFor({ query: fresh('offshore wind turbine'), searchContextSize: 'high' });
    expect(low.sources.length).toBeGreaterThan(0);
    expect(low.sources.length).toBeLessThanOrEqual(3);
    expect(plain.sources.length).toBe(5);
    expect(high.sources.length).toBeGreaterThan(plain.sources.length);
  });
});

describe('with a model', () => {
  it('quality: every search, the research agent’s included, carries the filter', async () => {
    const calls = world.searxng.calls.length;
    const result = await ask(modelChat, await modelChat.token('filter-user'), {
      query: fresh('offshore wind turbine'),
      mode: 'quality',
      searchDomainFilter: ['energy.gov'],
    });
    expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
    const steps = result.events.filter((e) => e.event === 'progress').map((e) => e.data.text);
    expect(steps.some((text: string) => text.startsWith('Searching:'))).toBe(true);
    const searched = world.searxng.calls.slice(calls).map((call) => call.query.q ?? '');
    expect(searched.length).toBeGreaterThan(0);
    for (const q of searched) expect(q).toMatch(/ site:energy\.gov$/);
    const sources = (eventOf(result.events, 'sources')?.data.sources ?? []) as SourceSeen[];
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(onDomain(source.url, 'energy.gov')).toBe(true);
  });

  it('returnRelatedQuestions false spends no model call on them', async () => {
    const asked = async (body: Record<string, unknown>) => {
      world.openai.reset();
      const result = await ask(modelChat, await modelChat.token('filter-user'), {
        query: fresh('offshore wind'),
        mode: 'balanced',
        ...body,
      });
      expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
      return { related: eventOf(result.events, 'related'), calls: world.openai.chatCount() };
    };
    const on = await asked({});
    const off = await asked({ returnRelatedQuestions: false });
    expect(on.related?.data.questions.length).toBeGreaterThan(0);
    expect(off.related).toBeUndefined();
    expect(off.calls).toBe(on.calls - 1);
  });
});

describe('POST /api/v1/chat/completions with Sonar’s parameters, through the openai client', () => {
  type SonarCompletion = OpenAI.ChatCompletion & {
    citations: string[];
    search_results: { title: string; url: string; date: string | null }[];
    related_questions?: string[];
    images?: { image_url: string; origin_url: string | null }[];
  };
  const client = () => new OpenAI({ baseURL: `${chat.url}/api/v1`, apiKey: token, maxRetries: 0 });
  const complete = async (question: string, extra: Record<string, unknown>) =>
    (await client().chat.completions.create({
      model: 'sonar',
      messages: [{ role: 'user', content: question }],
      ...extra,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming)) as SonarCompletion;

  it('search_domain_filter: citations and search_results inside the allow-list only', async () => {
    const completion = await complete(fresh('offshore wind turbine'), {
      search_domain_filter: ['energy.gov'],
      web_search_options: { search_context_size: 'high' },
    });
    expect(completion.citations).toContain('https://www.energy.gov/eere/wind/offshore-wind-update');
    for (const url of completion.citations) expect(onDomain(url, 'energy.gov')).toBe(true);
    expect(completion.search_results.map((r) => r.url)).toEqual(completion.citations);
  });

  it('search_recency_filter and the date filters', async () => {
    const week = await complete(fresh('offshore wind'), {
      search_recency_filter: 'week',
      web_search_options: { search_context_size: 'high' },
    });
    expect(week.citations).toContain('https://apnews.com/article/offshore-wind-turbine-blades');
    for (const url of week.citations) {
      expect(Date.parse(byUrl.get(url)?.publishedDate as string)).toBeGreaterThanOrEqual(
        Date.now() - 7 * DAY,
      );
    }
    const now = Date.now();
    const window = await complete(fresh('offshore wind'), {
      search_after_date_filter: sonarDate(now - 25 * DAY),
      search_before_date_filter: sonarDate(now - 5 * DAY),
      web_search_options: { search_context_size: 'high' },
    });
    expect(window.citations).toContain('https://www.bbc.com/news/science-environment-offshore-wind');
    for (const result of window.search_results) {
      const published = Date.parse(result.date as string);
      expect(published).toBeGreaterThanOrEqual(startOfUtcDay(now - 25 * DAY));
      expect(published).toBeLessThanOrEqual(startOfUtcDay(now - 5 * DAY));
    }
  });

  it('search_mode sec, academic and patents', async () => {
    const sec = await complete(fresh('offshore wind annual report form 10-K'), { search_mode: 'sec' });
    expect(sec.citations.length).toBeGreaterThan(0);
    for (const url of sec.citations) expect(onDomain(url, 'sec.gov')).toBe(true);
    const academic = await complete(fresh('offshore wind turbines wake'), { search_mode: 'academic' });
    expect(academic.citations).toContain('https://arxiv.org/abs/2401.01234');
    for (const url of academic.citations) expect(byUrl.get(url)?.category).toBe('science');
    const patents = await complete(fresh('floating platform offshore wind turbine'), {
      search_mode: 'patents',
    });
    expect(patents.citations).toContain('https://patents.google.com/patent/US11555555B2/en');
    for (const url of patents.citations) expect(hostOf(url)).toBe('patents.google.com');
  });

  it('return_related_questions and return_images: absent by default, as Sonar does; there when asked', async () => {
    const searches = () => media.searxng.searchCount();
    const before = searches();
    const plain = await complete(fresh('Lighthouse'), {});
    expect(plain).not.toHaveProperty('related_questions');
    expect(plain).not.toHaveProperty('images');
    expect(searches()).toBe(before);
    const asked = await complete(fresh('Lighthouse offshore wind'), {
      return_related_questions: true,
      return_images: true,
    });
    expect(asked.related_questions?.length).toBeGreaterThan(0);
    expect(asked.images?.length).toBeGreaterThan(0);
    expect(asked.images?.[0]?.image_url).toMatch(/^https:\/\//);
    expect(searches()).toBeGreaterThan(before);
  });

  it('web_search_options.search_context_size low cites fewer sources than high', async () => {
    const low = await complete(fresh('offshore wind turbine'), {
      web_search_options: { search_context_size: 'low' },
    });
    const high = await complete(fresh('offshore wind turbine'), {
      web_search_options: { search_context_size: 'high', user_location: { country: 'US' } },
    });
    expect(low.citations.length).toBeGreaterThan(0);
    expect(low.citations.length).toBeLessThanOrEqual(3);
    expect(high.citations.length).toBeGreaterThan(5);
  });

  it('streaming: every chunk’s citations stay inside the filter', async () => {
    const stream = await client().chat.completions.create({
      model: 'sonar-pro',
      messages: [{ role: 'user', content: fresh('offshore wind turbine') }],
      stream: true,
      search_domain_filter: ['-energy.gov'],
      search_recency_filter: 'month',
      return_related_questions: true,
    } as OpenAI.ChatCompletionCreateParamsStreaming);
    let last:
      | (OpenAI.ChatCompletionChunk & { citations?: string[]; related_questions?: string[] })
      | undefined;
    const cited = new Set<string>();
    for await (const chunk of stream) {
      for (const url of (chunk as { citations?: string[] }).citations ?? []) cited.add(url);
      last = chunk;
    }
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect(last?.related_questions?.length).toBeGreaterThan(0);
    expect(cited.size).toBeGreaterThan(0);
    for (const url of cited) {
      expect(onDomain(url, 'energy.gov')).toBe(false);
      expect(Date.parse(byUrl.get(url)?.publishedDate as string)).toBeGreaterThanOrEqual(
        Date.now() - 30 * DAY,
      );
    }
  });
});
