import { describe, expect, it } from 'vitest';
import { heuristicRelated, subjectOf } from '../src/pipeline/related-questions.ts';

describe('related questions without a model', () => {
  it('finds the subject of a question', () => {
    expect(subjectOf('How do solar panels make electricity?')).toBe('solar panels');
    expect(subjectOf('Why does the moon cause tides?')).toBe('moon');
    expect(subjectOf('What is quantum entanglement?')).toBe('quantum entanglement');
    expect(subjectOf('photosynthesis')).toBe('photosynthesis');
    expect(subjectOf('How efficient are home solar panels?')).toBe('home solar panels');
    expect(subjectOf('How many moons does Jupiter have?')).toBe('Jupiter');
    expect(subjectOf('How much electricity does a home battery hold?')).toBe('home battery');
    // No recognisable opening: the content words, never the whole question.
    expect(subjectOf('Can you tell me about tides and moons')).toBe('tides moons');
  });

  it('keeps a long subject to its first words, and falls back to the question when it says nothing', () => {
    expect(subjectOf('How do?')).toBe('How do?');
    expect(subjectOf('What is the best way to learn languages as an adult with a busy job and family?')).toBe(
      'best way to learn languages',
    );
  });

  it('gives 3 to 5 questions, using the top sources’ titles', () => {
    const questions = heuristicRelated('How do solar panels make electricity?', [
      {
        n: 1,
        title: 'Photovoltaic effect - Wikipedia',
        url: 'https://en.wikipedia.org/wiki/Photovoltaic_effect',
        snippet: '',
        publishedDate: null,
        engines: [],
      },
    ]);
    expect(questions.length).toBeGreaterThanOrEqual(3);
    expect(questions.length).toBeLessThanOrEqual(5);
    expect(questions[0]).toBe('What are the main benefits and drawbacks of solar panels?');
    expect(questions).toContain('What does "Photovoltaic effect" say about solar panels?');
    for (const question of questions) expect(question).toMatch(/\?$/);
  });

  it('keeps a thread on its first subject and never suggests what was already asked', () => {
    const first = 'How efficient are home solar panels?';
    const followUps = heuristicRelated(
      'What are the main benefits and drawbacks of home solar panels?',
      [],
      [first, 'What are the main benefits and drawbacks of home solar panels?'],
    );
    expect(followUps).not.toContain('What are the main benefits and drawbacks of home solar panels?');
    expect(followUps).toContain('What are the latest developments in home solar panels?');
    expect(followUps.length).toBeGreaterThanOrEqual(3);
  });
});
