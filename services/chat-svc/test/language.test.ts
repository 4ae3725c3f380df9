import { describe, expect, it } from 'vitest';
import { answerLanguage } from '../src/pipeline/language.ts';

describe('answerLanguage', () => {
  it('takes the language the user chose over the question’s own', () => {
    expect(answerLanguage('How does photosynthesis work?', 'de')).toBe('German');
    expect(answerLanguage('How does photosynthesis work?', 'tlh')).toBe('tlh');
  });

  it('recognises plain English questions', () => {
    expect(answerLanguage('How does photosynthesis turn sunlight into energy?', undefined)).toBe('English');
    expect(answerLanguage('What were the causes of the First World War?', undefined)).toBe('English');
  });

  it('recognises other languages, also when written without accents', () => {
    expect(answerLanguage('Wie funktioniert die Photosynthese bei Pflanzen im Sommer?', undefined)).toBe(
      'German',
    );
    expect(answerLanguage('Comment fonctionne la photosynthese chez les plantes vertes ?', undefined)).toBe(
      'French',
    );
    expect(answerLanguage('Как работает фотосинтез у растений?', undefined)).toBe('Russian');
  });

  it('leaves very short questions to the model', () => {
    expect(answerLanguage('why?', undefined)).toBeNull();
  });
});
