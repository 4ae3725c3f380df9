import { describe, expect, it } from 'vitest';
import { assessCredibility, defaultsOnly, type ReputationList } from '../src/pipeline/credibility.ts';
import { defaultReputation } from '../src/reputation/default-reputation.ts';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const tierOf = (url: string, list: ReputationList = defaultsOnly) =>
  assessCredibility({ url }, list, NOW).tier;

describe('assessCredibility', () => {
  it('recognises government, academic, international and investor-relations hosts off the list', () => {
    expect(tierOf('https://www.energy.gov/wind')).toBe('primary');
    expect(tierOf('https://www.legislation.gov.uk/ukpga/2010/15')).toBe('primary');
    expect(tierOf('https://web.mit.edu/research')).toBe('primary');
    expect(tierOf('https://www.ox.ac.uk/research')).toBe('primary');
    expect(tierOf('https://investor.example-corp.com/annual-report')).toBe('primary');
    expect(assessCredibility({ url: 'https://www.cdc.gov/sleep' }, defaultsOnly, NOW).reasons).toContain(
      'government domain',
    );
  });

  it('matches listed domains on label boundaries, most specific entry first', () => {
    expect(tierOf('https://en.wikipedia.org/wiki/Okapi')).toBe('reputable');
    expect(tierOf('https://notreuters.com/story')).toBe('unknown');
    expect(tierOf('https://energy.gov.example.net/grants')).toBe('unknown');
    const list: ReputationList = {
      defaults: defaultReputation,
      overrides: new Map([['news.bbc.co.uk', { tier: 'low', score: 0.1, note: 'test' }]]),
    };
    expect(tierOf('https://news.bbc.co.uk/story', list)).toBe('low');
    expect(tierOf('https://www.bbc.co.uk/story', list)).toBe('reputable');
  });

  it('reports age from the publication date, never negative, and no age without a valid date', () => {
    const at = (publishedDate: string | null) =>
      assessCredibility({ url: 'https://a.example/', publishedDate }, defaultsOnly, NOW).publishedAgeDays;
    expect(at('2026-05-22T00:00:00.000Z')).toBe(10);
    expect(at('2026-07-01T00:00:00.000Z')).toBe(0);
    expect(at('not a date')).toBeUndefined();
    expect(at(null)).toBeUndefined();
  });

  it('says what a non-web URL is', () => {
    expect(assessCredibility({ url: 'file:///handbook.pdf' }, defaultsOnly, NOW)).toMatchObject({
      tier: 'unknown',
      reasons: expect.arrayContaining(['not a web page']),
    });
  });
});
