import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  type ChatServiceUnderTest,
  type Neighbours,
  startChatService,
  startNeighbours,
} from './harness.ts';

// Every invalid search control, alone or in a combination that cannot work, is a 400 in the one
// error shape naming the field, on both endpoints; nothing is searched or answered.

let world: Neighbours;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };
let token: string;

beforeAll(async () => {
  world = await startNeighbours();
  chat = await startChatService(world, { LLM_PROVIDER: 'extractive' });
  token = await chat.token('filter-errors');
});
afterAll(async () => {
  await chat?.closeAll();
  await world?.close();
});

const twentyOne = Array.from({ length: 21 }, (_, i) => `site${i}.example.com`);
const farFuture = '1/1/2999';

/** [what is wrong, the /api/v1/chat fields, the field named; the completions fields, the field named]. */
const shared: [string, Record<string, unknown>, string, Record<string, unknown>, string][] = [
  [
    'more than 20 domains',
    { searchDomainFilter: twentyOne },
    'searchDomainFilter',
    { search_domain_filter: twentyOne },
    'search_domain_filter',
  ],
  [
    'allow and deny entries mixed',
    { searchDomainFilter: ['energy.gov', '-reuters.com'] },
    'searchDomainFilter',
    { search_domain_filter: ['energy.gov', '-reuters.com'] },
    'search_domain_filter',
  ],
  [
    'a URL instead of a domain',
    { searchDomainFilter: ['https://energy.gov/wind'] },
    'searchDomainFilter.0',
    { search_domain_filter: ['https://energy.gov/wind'] },
    'search_domain_filter.0',
  ],
  [
    'a domain that is not a hostname',
    { searchDomainFilter: ['energy gov'] },
    'searchDomainFilter.0',
    { search_domain_filter: ['-'] },
    'search_domain_filter.0',
  ],
  [
    'an IP address',
    { searchDomainFilter: ['127.0.0.1'] },
    'searchDomainFilter.0',
    { search_domain_filter: ['-10.0.0.1'] },
    'search_domain_filter.0',
  ],
  [
    'a date not in %m/%d/%Y',
    { searchAfterDate: '2025-03-01' },
    'searchAfterDate',
    { search_after_date_filter: '2025-03-01' },
    'search_after_date_filter',
  ],
  [
    'an impossible date',
    { searchBeforeDate: '2/30/2025' },
    'searchBeforeDate',
    { search_before_date_filter: '13/1/2025' },
    'search_before_date_filter',
  ],
  [
    'after later than before',
    { searchAfterDate: '3/5/2025', searchBeforeDate: '3/1/2025' },
    'searchAfterDate',
    { search_after_date_filter: '3/5/2025', search_before_date_filter: '3/1/2025' },
    'search_after_date_filter',
  ],
  [
    'an after date in the future',
    { searchAfterDate: farFuture },
    'searchAfterDate',
    { search_after_date_filter: farFuture },
    'search_after_date_filter',
  ],
  [
    'an unknown recency',
    { searchRecencyFilter: 'decade' },
    'searchRecencyFilter',
    { search_recency_filter: 'decade' },
    'search_recency_filter',
  ],
  [
    'a recency window that starts after the before date',
    { searchRecencyFilter: 'hour', searchBeforeDate: '1/1/2020' },
    'searchRecencyFilter',
    { search_recency_filter: 'week', search_before_date_filter: '1/1/2020' },
    'search_recency_filter',
  ],
  ['an unknown search mode', { searchMode: 'news' }, 'searchMode', { search_mode: 'news' }, 'search_mode'],
  [
    'sec with an allow-list that has no sec.gov domain',
    { searchMode: 'sec', searchDomainFilter: ['reuters.com'] },
    'searchMode',
    { search_mode: 'sec', search_domain_filter: ['reuters.com'] },
    'search_mode',
  ],
  [
    'an unknown context size',
    { searchContextSize: 'huge' },
    'searchContextSize',
    { web_search_options: { search_context_size: 'huge' } },
    'web_search_options.search_context_size',
  ],
  [
    'return_images not a boolean',
    { returnImages: 'no' },
    'returnImages',
    { return_images: 'no' },
    'return_images',
  ],
  [
    'return_related_questions not a boolean',
    { returnRelatedQuestions: 1 },
    'returnRelatedQuestions',
    { return_related_questions: 1 },
    'return_related_questions',
  ],
];

const expectNamed = (body: any, field: string) => {
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.details.map((detail: { path: string }) => detail.path)).toContain(`body.${field}`);
  expect(body.error.message).toMatch(/^body\.\S+: ./);
};

describe('POST /api/v1/chat: bad search controls → 400 naming the field', () => {
  it.each(shared.map(([why, fields, field]) => [why, fields, field] as const))(
    '%s',
    async (_why, fields, field) => {
      const before = world.searxng.searchCount();
      const result = await ask(chat, token, { query: 'offshore wind', ...fields });
      expect(result.status).toBe(400);
      expectNamed(result.body, field);
      expect(world.searxng.searchCount()).toBe(before);
    },
  );

  it.each([
    ['a search mode that contradicts the focus', { focus: 'academic', searchMode: 'sec' }, 'searchMode'],
    [
      'filters with focus writing, which searches nothing',
      { focus: 'writing', searchDomainFilter: ['a.com'] },
      'searchDomainFilter',
    ],
    [
      'filters with focus files, which searches no web',
      { focus: 'files', searchRecencyFilter: 'day' },
      'searchRecencyFilter',
    ],
    ['a domain filter that is not a list', { searchDomainFilter: 'energy.gov' }, 'searchDomainFilter'],
    ['a Sonar name on this endpoint', { search_domain_filter: ['energy.gov'] }, ''],
  ])('%s', async (_why, fields, field) => {
    const result = await ask(chat, token, { query: 'offshore wind', ...fields });
    expect(result.status).toBe(400);
    if (field) expectNamed(result.body, field);
    else expect(result.body.error.code).toBe('validation_failed');
  });

  it('valid controls with an ordinary focus still answer', async () => {
    const result = await ask(chat, token, {
      query: 'photosynthesis',
      focus: 'web',
      searchMode: 'web',
      searchDomainFilter: ['wikipedia.org'],
      searchAfterDate: '01/01/2000',
    });
    expect(result.status).toBe(200);
  });
});

describe('POST /api/v1/chat/completions: the same through the openai client → 400', () => {
  const client = () => new OpenAI({ baseURL: `${chat.url}/api/v1`, apiKey: token, maxRetries: 0 });

  it.each(shared.map(([why, , , fields, field]) => [why, fields, field] as const))(
    '%s',
    async (_why, fields, field) => {
      const before = world.searxng.searchCount();
      const failure = await client()
        .chat.completions.create({
          model: 'sonar',
          messages: [{ role: 'user', content: 'offshore wind' }],
          ...fields,
        } as OpenAI.ChatCompletionCreateParamsNonStreaming)
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
      expect((failure as InstanceType<typeof OpenAI.APIError>).message).toContain(`body.${field}`);
      expect(world.searxng.searchCount()).toBe(before);
    },
  );

  it('the raw response is the one error shape', async () => {
    const response = await fetch(`${chat.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sonar',
        messages: [{ role: 'user', content: 'offshore wind' }],
        search_domain_filter: ['a.com', '-b.com'],
      }),
    });
    expect(response.status).toBe(400);
    expectNamed(await response.json(), 'search_domain_filter');
  });

  it('null controls are taken as absent, as Sonar takes them', async () => {
    const completion = await client().chat.completions.create({
      model: 'sonar',
      messages: [{ role: 'user', content: 'photosynthesis' }],
      search_domain_filter: null,
      search_recency_filter: null,
      web_search_options: { search_context_size: null },
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });
});
