import { terms } from './terms.ts';

/**
 * The checkable facts of a claim: what must match for two outlets to agree. Wording may differ
 * ("were killed" / "died"), but "3 dead" and "5 dead" are two accounts, as are "Monday" and
 * "Tuesday" or "Smith" and "Jones".
 */
export interface ClaimFacts {
  /** Quantities, normalised: "three" → "3", "1,000" → "1000", "2.5 million" → "2500000". */
  numbers: Set<string>;
  /** Weekdays, months and years. */
  dates: Set<string>;
  /** Capitalised names (people, places, organisations), lower-cased. */
  names: Set<string>;
}

/** One sentence of one source, with what it is about (terms) and what it asserts (facts). */
export interface Claim {
  /** The story source that said it (1-based, as the story's sources are numbered). */
  n: number;
  outlet: string;
  text: string;
  /** Its significant words without numbers and dates: what the claim is about. */
  about: Set<string>;
  facts: ClaimFacts;
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  dozen: 12,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const DATE_WORDS = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june
  july august september october november december`.split(/\s+/),
);
/** Capitalised words that start sentences or titles but name nothing. */
const NOT_NAMES = new Set(
  `a an the this that these those it its he she they we i in on at by for from of to and but or as
  after before when while with without about over under officials police authorities investigators
  according mr mrs ms dr`.split(/\s+/),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N},.'’%-]*/gu;

function numberOf(token: string): number | null {
  const bare = token
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/%$/, '')
    .replace(/[.,]$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(bare) || /^\d+(\.\d+)?$/.test(bare)) {
    return Number(bare.replaceAll(',', ''));
  }
  return NUMBER_WORDS[bare] ?? null;
}

const isYear = (value: number) => Number.isInteger(value) && value >= 1900 && value <= 2100;

/**
 * The facts of a sentence. `knownNames` are words seen capitalised mid-sentence somewhere in the
 * story: a sentence's first word counts as a name only if it is one of them ("Northline said" is
 * a name, "Investigators said" is not).
 */
export function claimFacts(sentence: string, knownNames: ReadonlySet<string>): ClaimFacts {
  const facts: ClaimFacts = { numbers: new Set(), dates: new Set(), names: new Set() };
  const tokens = sentence.match(WORD) ?? [];
  tokens.forEach((token, index) => {
    const word = token.replace(/['’]s$/, '').replace(/[.,%'’-]+$/, '');
    const lower = word.toLowerCase();
    const value = numberOf(token);
    if (value !== null) {
      const scale = SCALES[(tokens[index + 1] ?? '').toLowerCase().replace(/[.,]$/, '')] ?? 1;
      if (scale === 1 && isYear(value) && /^\d{4}$/.test(word)) facts.dates.add(word);
      else facts.numbers.add(String(value * scale));
      return;
    }
    if (DATE_WORDS.has(lower) && (lower !== 'may' || /^May$/.test(word))) {
      facts.dates.add(lower);
      return;
    }
    if (/^\p{Lu}/u.test(word) && !NOT_NAMES.has(lower) && lower.length > 1) {
      if (index > 0 || knownNames.has(lower)) facts.names.add(lower);
    }
  });
  return facts;
}

/** Words capitalised after a sentence's first word: names, whatever the sentence starts with. */
export function namesInside(sentence: string): string[] {
  const tokens = sentence.match(WORD) ?? [];
  return tokens
    .slice(1)
    .map((token) => token.replace(/['’]s$/, '').replace(/[.,%'’-]+$/, ''))
    .filter((word) => /^\p{Lu}/u.test(word) && !DATE_WORDS.has(word.toLowerCase()))
    .map((word) => word.toLowerCase());
}

/** What a claim is about: its terms without quantities and dates, so those can differ and it stays "the same". */
export function aboutTerms(sentence: string): Set<string> {
  return new Set(
    terms(sentence).filter(
      (term) => numberOf(term) === null && !DATE_WORDS.has(term) && !(term in SCALES) && !/^\d/.test(term),
    ),
  );
}

/**
 * Which kinds of fact two claims disagree on. Numbers and dates conflict when each claim has a
 * value the other lacks: "3 killed" / "5 killed" conflict; "3 killed" / "3 killed, 40 injured" do
 * not (the second only says more). Names conflict only when the two share none ("Smith was
 * arrested" / "Jones was arrested"): a sentence often adds a name the other leaves out (the
 * operator, the agency quoted), which is more detail, not another account.
 */
export function conflictingFacts(a: ClaimFacts, b: ClaimFacts): Array<keyof ClaimFacts> {
  const kinds: Array<keyof ClaimFacts> = ['numbers', 'dates', 'names'];
  return kinds.filter((kind) => {
    const left = a[kind];
    const right = b[kind];
    if (left.size === 0 || right.size === 0) return false;
    if (kind === 'names') return ![...left].some((value) => right.has(value));
    const leftOnly = [...left].some((value) => !right.has(value));
    const rightOnly = [...right].some((value) => !left.has(value));
    return leftOnly && rightOnly;
  });
}
