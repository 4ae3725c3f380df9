import { describe, expect, it } from 'vitest';
import type { PickedContext } from '../src/pipeline/context-budget.ts';
import { extractiveAnswer } from '../src/pipeline/extractive-answer.ts';

const source = (n: number, title: string) => ({
  n,
  title,
  url: `https://example.com/${n}`,
  snippet: '',
  publishedDate: null,
  engines: [],
});

describe('extractiveAnswer', () => {
  it('answers with the most relevant whole sentences, each cited to its source', () => {
    const context: PickedContext = {
      sources: [source(1, 'Solar panels'), source(2, 'Inverters')],
      texts: [
        'Solar panels Solar panels convert sunlight into electricity using photovoltaic cells. When photons hit the cell, they knock … electrons loose and make a current. Panels are often blue or black in colour today.',
        'An inverter turns the direct current from the panels into alternating current for the home.',
      ],
      text: '',
    };
    const answer = extractiveAnswer('How do solar panels turn sunlight into electricity?', context);
    expect(answer).toContain('Solar panels convert sunlight into electricity using photovoltaic cells. [1]');
    // The heading run into the first sentence is gone, and a snippet's joined fragments are skipped.
    expect(answer).not.toContain('Solar panels Solar panels');
    expect(answer).not.toContain('…');
    expect(answer).toMatch(/alternating current for the home\. \[2\]/);
    for (const match of answer.matchAll(/\[(\d+)\]/g)) expect([1, 2]).toContain(Number(match[1]));
  });

  it('with sources but no usable sentences, lists the sources; with none, says nothing', () => {
    const titlesOnly: PickedContext = {
      sources: [source(1, 'A short page')],
      texts: ['Too short.'],
      text: '',
    };
    expect(extractiveAnswer('anything at all here?', titlesOnly)).toBe('A short page [1].');
    expect(extractiveAnswer('anything?', { sources: [], texts: [], text: '' })).toBe('');
  });
});
