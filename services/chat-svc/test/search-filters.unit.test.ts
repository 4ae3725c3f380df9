import { describe, expect, it } from 'vitest';
import {
  contextSizePlans,
  decideSearchControls,
  domainFilterSchema,
  passesSearchFilters,
  sonarDateSchema,
} from '../src/pipeline/search-filters.ts';

// The parts of the search controls that are plain functions: parsing, deciding, chat-svc's own filter.

const defaults = { returnImages: true, returnRelatedQuestions: true };

describe('parsing Sonar’s values', () => {
  it('domains are lower-cased, www. and a trailing dot dropped, IDNs in punycode, repeats merged', () => {
    expect(domainFilterSchema.parse(['WWW.Energy.GOV.', '-Bücher.de', 'energy.gov'])).toEqual([
      'energy.gov',
      '-xn--bcher-kva.de',
    ]);
  });

  it('%m/%d/%Y with or without leading zeros, as a UTC calendar day', () => {
    expect(sonarDateSchema.parse('3/1/2025')).toBe('2025-03-01');
    expect(sonarDateSchema.parse('03/01/2025')).toBe('2025-03-01');
    expect(sonarDateSchema.parse('2/29/2024')).toBe('2024-02-29');
    expect(sonarDateSchema.safeParse('2/29/2025').success).toBe(false);
    expect(sonarDateSchema.safeParse('1/3/25').success).toBe(false);
  });
});

describe('deciding the controls', () => {
  it('sec restricts to sec.gov, keeps an allow-list’s sec.gov entries only, and adds to a deny-list', () => {
    expect(decideSearchControls({ searchMode: 'sec' }, defaults).filters).toEqual({
      allowDomains: ['sec.gov'],
    });
    expect(
      decideSearchControls({ searchMode: 'sec', domainFilter: ['efts.sec.gov', 'reuters.com'] }, defaults)
        .filters,
    ).toEqual({ allowDomains: ['efts.sec.gov'] });
    expect(
      decideSearchControls({ searchMode: 'sec', domainFilter: ['-efts.sec.gov'] }, defaults),
    ).toMatchObject({
      focus: 'web',
      filters: { allowDomains: ['sec.gov'], denyDomains: ['efts.sec.gov'] },
    });
  });

  it('nothing given: no filters, the endpoint’s defaults, the mode’s plan', () => {
    expect(decideSearchControls({}, defaults)).toEqual({ filters: null, ...defaults });
    expect(decideSearchControls({}, { returnImages: false, returnRelatedQuestions: false })).toMatchObject({
      returnImages: false,
      returnRelatedQuestions: false,
    });
    expect(contextSizePlans.low.sources).toBeLessThan(contextSizePlans.medium.sources);
    expect(contextSizePlans.medium.sources).toBeLessThan(contextSizePlans.high.sources);
  });
});

describe('chat-svc’s second filter', () => {
  const now = Date.parse('2026-03-15T12:00:00.000Z');
  const result = (url: string, publishedDate: string | null) => ({
    title: '',
    url,
    snippet: '',
    publishedDate,
  });

  it('agrees with search-svc: subdomains yes, look-alikes no, undated out under a date filter', () => {
    const allow = { allowDomains: ['energy.gov'] };
    expect(passesSearchFilters(result('https://windexchange.energy.gov/', null), allow, now)).toBe(true);
    expect(passesSearchFilters(result('https://notenergy.gov/', null), allow, now)).toBe(false);
    expect(passesSearchFilters(result('https://a.com/', null), { recency: 'year' }, now)).toBe(false);
    const window = { publishedAfter: '2026-03-01', publishedBefore: '2026-03-05' };
    expect(passesSearchFilters(result('https://a.com/', '2026-03-05T23:00:00Z'), window, now)).toBe(true);
    expect(passesSearchFilters(result('https://a.com/', '2026-03-06T00:00:00Z'), window, now)).toBe(false);
  });
});
