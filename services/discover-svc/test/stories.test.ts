import type { FixtureDocument } from '@perplexica/fakes';
import { describe, expect, it } from 'vitest';
import { type Article, outletOf } from '../src/news/article.ts';
import { canonicalUrl } from '../src/news/canonical-url.ts';
import { clusterArticles } from '../src/news/cluster-articles.ts';
import { extractiveSummary, ledeSentences } from '../src/news/extractive-summary.ts';
import { parseSummary } from '../src/news/model-summary.ts';
import { draftStory, rankStories, storyIdOf, withoutOutletSuffix } from '../src/news/story.ts';
import { citations } from './harness.ts';
import {
  MOON_LANDING,
  NEWS_CORPUS,
  QUANTUM_CHIP,
  RATE_RISE,
  SINGLE_STORIES,
  SPORTS_RESULTS,
} from './news-corpus.ts';

const THRESHOLD = 0.15;

const articleOf = (doc: FixtureDocument): Article => ({
  url: doc.url,
  key: canonicalUrl(doc.url),
  title: doc.title,
  snippet: doc.content,
  outlet: outletOf(doc.url),
  publishedAt: doc.publishedDate,
  image: doc.thumbnail ?? null,
});

const outletsOf = (group: Article[]) => group.map((article) => article.outlet).sort();

describe('canonical URLs', () => {
  it('treat scheme, www, tracking parameters, fragments, trailing slashes and query order as the same article', () => {
    const key = canonicalUrl('https://www.example.com/news/story?id=7&page=2');
    for (const variant of [
      'http://example.com/news/story/?page=2&id=7',
      'https://EXAMPLE.com/news/story?utm_source=x&id=7&page=2#comments',
      'https://www.example.com/news/story?page=2&fbclid=abc&id=7',
    ]) {
      expect(canonicalUrl(variant)).toBe(key);
    }
    expect(canonicalUrl('https://example.com/news/other')).not.toBe(key);
    expect(canonicalUrl('https://example.com/news/story?id=8&page=2')).not.toBe(key);
  });
});

describe('clustering articles into stories', () => {
  const groups = clusterArticles(NEWS_CORPUS.map(articleOf), THRESHOLD);

  it('puts each event reported by several outlets in one story', () => {
    for (const event of [MOON_LANDING, QUANTUM_CHIP, RATE_RISE]) {
      const group = groups.find((candidate) => candidate.some((article) => article.url === event[0]?.url));
      expect(outletsOf(group ?? [])).toEqual(event.map((doc) => outletOf(doc.url)).sort());
    }
  });

  it('leaves stories that only share a word or two with an event on their own', () => {
    for (const doc of [...SINGLE_STORIES, ...SPORTS_RESULTS]) {
      const group = groups.find((candidate) => candidate.some((article) => article.url === doc.url));
      expect(group).toHaveLength(1);
    }
    expect(groups).toHaveLength(NEWS_CORPUS.length - 6);
  });

  it('joins an article only to the stories it is like, whatever order the articles come in', () => {
    const reversed = clusterArticles(NEWS_CORPUS.map(articleOf).reverse(), THRESHOLD);
    const shape = (all: Article[][]) => all.map((group) => outletsOf(group).join('+')).sort();
    expect(shape(reversed)).toEqual(shape(groups));
  });
});

describe('a story from a cluster', () => {
  const moon = draftStory(MOON_LANDING.map(articleOf));

  it('is led by the first report, whose URL gives the stable id, and cites the others after it', () => {
    const reuters = MOON_LANDING[0] as FixtureDocument; // reported 6 hours ago, the earliest
    expect(moon.id).toBe(storyIdOf(canonicalUrl(reuters.url)));
    expect(draftStory(MOON_LANDING.map(articleOf).reverse()).id).toBe(moon.id);
    expect(moon.sources.map((source) => source.n)).toEqual([1, 2, 3]);
    expect(moon.sources[0]?.url).toBe(reuters.url);
    expect(moon.outlets).toEqual(['reuters.com', 'apnews.com', 'bbc.co.uk']);
    expect(moon.title).toBe("NASA's Artemis lander touches down near the Moon's south pole");
    expect(moon.image).toBe('https://cdn.reuters.test/artemis-lander.jpg');
    // The story moved last when the newest report came out.
    expect(moon.publishedAt).toBe(MOON_LANDING[2]?.publishedDate);
  });

  it('drops an outlet signature from the title, and nothing else', () => {
    expect(withoutOutletSuffix('Markets rally as inflation cools - Reuters')).toBe(
      'Markets rally as inflation cools',
    );
    expect(withoutOutletSuffix('Markets rally as inflation cools | BBC News')).toBe(
      'Markets rally as inflation cools',
    );
    expect(
      withoutOutletSuffix('Spider-Man - the musical - opens tonight on Broadway stage in New York'),
    ).toBe('Spider-Man - the musical - opens tonight on Broadway stage in New York');
  });

  it('has an extractive summary of lede sentences taken word for word, each with its [n]', () => {
    const summary = extractiveSummary(moon);
    const sentences = summary.split(/(?<=\[\d+\])\s+/);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    for (const sentence of sentences) {
      const match = /^(.*) \[(\d+)\]$/.exec(sentence);
      expect(match).not.toBeNull();
      const source = moon.articles[Number(match?.[2]) - 1];
      expect(source?.snippet).toContain(match?.[1]);
    }
    // At most one sentence per source, in source order.
    expect(citations(summary)).toEqual([...new Set(citations(summary))].sort());
  });

  it('skips a sentence that mostly retells one already picked', () => {
    const rates = draftStory(RATE_RISE.map(articleOf));
    const summary = extractiveSummary(rates);
    expect(summary).toContain('The Federal Reserve raised its benchmark interest rate');
    // CNBC's lede says the same with the same words; the FT's adds the third rise this year.
    expect(summary).not.toContain('signalled further increases');
    expect(summary).toContain("the central bank's third rise this year");
  });

  it('ranks widely reported recent stories above lone ones', () => {
    const stories = rankStories(
      [MOON_LANDING, [SINGLE_STORIES[0] as FixtureDocument], QUANTUM_CHIP].map((docs) =>
        draftStory(docs.map(articleOf)),
      ),
    );
    expect(stories.at(-1)?.outlets).toEqual(['space.com']);
  });
});

describe('lede sentences', () => {
  it('skip datelines and fragments', () => {
    expect(
      ledeSentences(
        'WASHINGTON (Reuters) - The Federal Reserve raised rates on Wednesday. Ok. More details emerged later in the day.',
      ),
    ).toEqual(['The Federal Reserve raised rates on Wednesday.', 'More details emerged later in the day.']);
  });
});

describe("the model's summary", () => {
  it('keeps citations of real sources and drops invented ones', () => {
    expect(parseSummary('{"summary":"The lander touched down [1]. Water ice may be there [2][7]."}', 3)).toBe(
      'The lander touched down [1]. Water ice may be there [2].',
    );
  });

  it('is refused when it cites nothing real, or is not the JSON asked for', () => {
    expect(parseSummary('{"summary":"The lander touched down [9]."}', 3)).toBeNull();
    expect(parseSummary('{"summary":"No citations at all."}', 3)).toBeNull();
    expect(parseSummary('The lander touched down [1].', 3)).toBeNull();
    expect(parseSummary('{"text":"The lander touched down [1]."}', 3)).toBeNull();
    expect(parseSummary('```json\n{"summary":"Fenced but fine [1]."}\n```', 3)).toBe('Fenced but fine [1].');
  });
});
