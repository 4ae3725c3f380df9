import { detect } from 'tinyld';

const names: Record<string, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  ru: 'Russian',
  uk: 'Ukrainian',
  pl: 'Polish',
  cs: 'Czech',
  sv: 'Swedish',
  da: 'Danish',
  no: 'Norwegian',
  fi: 'Finnish',
  tr: 'Turkish',
  ar: 'Arabic',
  he: 'Hebrew',
  hi: 'Hindi',
  ja: 'Japanese',
  ko: 'Korean',
  zh: 'Chinese',
  el: 'Greek',
  hu: 'Hungarian',
  ro: 'Romanian',
  id: 'Indonesian',
  vi: 'Vietnamese',
  th: 'Thai',
  fa: 'Persian',
};

// Words that make a plain-ASCII question English beyond reasonable doubt when two of them appear.
const englishMarkers = new Set(
  'the a an is are was were what why how when where who which does do did can could should of to in and for with about'.split(
    ' ',
  ),
);

/** Most questions are plain English: recognising them costs a split, where tinyld costs ~100 µs. */
function plainlyEnglish(question: string): boolean {
  if (!/^[\x20-\x7e\s]*$/.test(question)) return false;
  let markers = 0;
  for (const word of question.toLowerCase().split(/[^a-z']+/)) {
    if (englishMarkers.has(word) && ++markers >= 2) return true;
  }
  return false;
}

/**
 * The language to answer in: the one the user chose, else the question's own (tinyld: small, no
 * dependencies, fast enough to run on every question), else none, and the model follows the question.
 */
export function answerLanguage(question: string, chosen: string | undefined): string | null {
  if (chosen) return names[chosen.toLowerCase()] ?? chosen;
  // Very short questions are guessed poorly; the prompt's "answer in the question's language" covers them.
  if (question.trim().length < 12) return null;
  if (plainlyEnglish(question)) return 'English';
  const code = detect(question);
  return code ? (names[code] ?? null) : null;
}
